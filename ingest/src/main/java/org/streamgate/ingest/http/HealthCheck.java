package org.streamgate.ingest.http;

import java.util.function.BooleanSupplier;

/**
 * One named check for {@code GET /health}.
 *
 * @param name  JSON field name, e.g. {@code rtmp}
 * @param isUp  cheap, non-blocking probe
 */
public record HealthCheck(String name, BooleanSupplier isUp) {
}
