package org.streamgate.transcoder;

import jakarta.json.spi.JsonProvider;

/** The JSON provider, looked up once: {@code Json.create*} searches the class path for a provider on every call. */
public final class Jsons {

    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsons() {
    }
}
