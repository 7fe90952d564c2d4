package org.streamgate.delivery.http;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request counters of the stream routes: {@code delivery_requests_total{status,kind}} and
 * {@code delivery_bytes_out_total{kind}}.
 *
 * <p>Concurrency: meters are created once per label set through a {@link ConcurrentHashMap}; Helidon counters are
 * thread-safe.
 */
public final class RequestMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> bytes = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param status the HTTP status, or {@code aborted} when the connection broke while the body was sent
     * @param kind   {@code playlist}, {@code segment} or {@code other}
     */
    public void request(String status, String kind) {
        requests.computeIfAbsent(status + "/" + kind, k -> registry.getOrCreate(Counter.builder("delivery_requests")
                .description("Stream requests by status and kind")
                .tags(List.of(Tag.create("status", status), Tag.create("kind", kind)))))
                .increment();
    }

    public void bytesOut(String kind, long count) {
        if (count <= 0) {
            return;
        }
        bytes.computeIfAbsent(kind, k -> registry.getOrCreate(Counter.builder("delivery_bytes_out")
                .description("Body bytes sent")
                .baseUnit("bytes")
                .tags(List.of(Tag.create("kind", kind)))))
                .increment(count);
    }
}
