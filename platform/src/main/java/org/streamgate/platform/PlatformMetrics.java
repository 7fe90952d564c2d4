package org.streamgate.platform;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The platform's Prometheus metrics: validations by result, admin logins by result, publish callbacks by result,
 * and gauges sampled at scrape time (active viewer sessions).
 *
 * <p>Concurrency: counters are {@link LongAdder}s in concurrent maps; safe from any thread.
 */
public final class PlatformMetrics {

    private final Map<String, LongAdder> validations = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> logins = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> publishes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> transcoderJobs = new ConcurrentHashMap<>();
    private final LongAdder revocationStreamEvents = new LongAdder();
    private volatile LongSupplier activeSessions = () -> 0;
    private volatile LongSupplier revocationSubscribers = () -> 0;

    public void validation(String result) {
        validations.computeIfAbsent(result, k -> new LongAdder()).increment();
    }

    public void login(String result) {
        logins.computeIfAbsent(result, k -> new LongAdder()).increment();
    }

    public void publish(String result) {
        publishes.computeIfAbsent(result, k -> new LongAdder()).increment();
    }

    public void transcoderJob(String result) {
        transcoderJobs.computeIfAbsent(result, k -> new LongAdder()).increment();
    }

    public void revocationStreamEvent() {
        revocationStreamEvents.increment();
    }

    public void activeSessions(LongSupplier supplier) {
        this.activeSessions = supplier;
    }

    public void revocationSubscribers(LongSupplier supplier) {
        this.revocationSubscribers = supplier;
    }

    /** Prometheus text exposition format 0.0.4. */
    public String render() {
        StringBuilder out = new StringBuilder(1024);
        counter(out, "streamgate_code_validations_total", "Access-code validations by result.", validations);
        counter(out, "streamgate_admin_logins_total", "Admin password logins by result.", logins);
        counter(out, "streamgate_publish_callbacks_total", "on_publish callbacks by result.", publishes);
        counter(out, "streamgate_transcoder_job_requests_total", "Job requests sent to the transcoder by result.",
                transcoderJobs);
        out.append("# HELP streamgate_revocation_stream_events_total Revocation changes pushed over SSE.\n")
                .append("# TYPE streamgate_revocation_stream_events_total counter\n")
                .append("streamgate_revocation_stream_events_total ").append(revocationStreamEvents.sum()).append('\n');
        gauge(out, "streamgate_active_viewer_sessions", "Viewer sessions with a fresh heartbeat.", activeSessions);
        gauge(out, "streamgate_revocation_stream_subscribers", "Open revocation SSE streams.", revocationSubscribers);
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, Map<String, LongAdder> values) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        new TreeMap<>(values).forEach((result, adder) ->
                out.append(name).append("{result=\"").append(result).append("\"} ").append(adder.sum()).append('\n'));
    }

    private static void gauge(StringBuilder out, String name, String help, LongSupplier value) {
        long v;
        try {
            v = value.getAsLong();
        } catch (RuntimeException e) {
            v = -1;
        }
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(v).append('\n');
    }
}
