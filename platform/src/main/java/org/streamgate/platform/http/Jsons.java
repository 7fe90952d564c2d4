package org.streamgate.platform.http;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once: {@code jakarta.json.Jsons.PROVIDER.createXxx()} runs a {@code ServiceLoader} scan of
 * the class path on every call, which showed up as the top cost of a code validation.
 */
public final class Jsons {

    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsons() {
    }
}
