package org.streamgate.ingest.http;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Counters exposed on {@code GET /metrics} in Prometheus text format. Labels come from bounded sets
 * (decision reasons) or are key fingerprints ({@code key#xxxxxxxx}), never stream keys or addresses.
 *
 * <p>Concurrency: all counters are lock-free adders; {@link #render()} reads a moving snapshot, which
 * Prometheus tolerates.
 */
public final class IngestMetrics {

    /** Upper bounds of the callback latency histogram, in seconds. */
    private static final double[] LATENCY_BUCKETS_S = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Map<String, LongAdder> accepted = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final LongAdder takeovers = new LongAdder();
    private final LongAdder publishDone = new LongAdder();
    private final LongAdder playRejected = new LongAdder();
    private final LongAdder stalled = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Map<String, LongAdder> connectionsRefused = new ConcurrentHashMap<>();
    private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS_S.length];
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencySumNanos = new LongAdder();
    private volatile IntSupplier activePublishers = () -> 0;
    private volatile IntSupplier openConnections = () -> 0;
    private volatile Supplier<List<StreamStat>> streams = List::of;

    public IngestMetrics() {
        for (int i = 0; i < latencyBuckets.length; i++) {
            latencyBuckets[i] = new LongAdder();
        }
    }

    public void bindActivePublishers(IntSupplier supplier) {
        this.activePublishers = supplier;
    }

    public void bindOpenConnections(IntSupplier supplier) {
        this.openConnections = supplier;
    }

    public void bindStreams(Supplier<List<StreamStat>> supplier) {
        this.streams = supplier;
    }

    public void publisherStalled() {
        stalled.increment();
    }

    /** A TCP connection closed before its handshake: {@code max_connections}, {@code handshake_timeout}... */
    public void connectionRefused(String reason) {
        connectionsRefused.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public long connectionsRefusedCount(String reason) {
        LongAdder a = connectionsRefused.get(reason);
        return a == null ? 0 : a.sum();
    }

    public void publisherDropped() {
        dropped.increment();
    }

    public long droppedCount() {
        return dropped.sum();
    }

    public long stalledCount() {
        return stalled.sum();
    }

    public void publishAccepted(String reason) {
        accepted.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public void publishRejected(String reason) {
        rejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public void publisherTakenOver() {
        takeovers.increment();
    }

    public void publishDone() {
        publishDone.increment();
    }

    public void playRejected() {
        playRejected.increment();
    }

    public void hookLatency(long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < LATENCY_BUCKETS_S.length; i++) {
            if (seconds <= LATENCY_BUCKETS_S[i]) {
                latencyBuckets[i].increment();
            }
        }
        latencyCount.increment();
        latencySumNanos.add(nanos);
    }

    public long acceptedCount(String reason) {
        LongAdder a = accepted.get(reason);
        return a == null ? 0 : a.sum();
    }

    public long rejectedCount(String reason) {
        LongAdder a = rejected.get(reason);
        return a == null ? 0 : a.sum();
    }

    /** Prometheus text exposition format 0.0.4. */
    public String render() {
        StringBuilder out = new StringBuilder(2048);
        out.append("# HELP streamgate_ingest_publishers_active Publishers currently streaming.\n")
                .append("# TYPE streamgate_ingest_publishers_active gauge\n")
                .append("streamgate_ingest_publishers_active ").append(activePublishers.getAsInt()).append('\n');
        out.append("# HELP streamgate_ingest_connections_open RTMP connections open, handshaken or not.\n")
                .append("# TYPE streamgate_ingest_connections_open gauge\n")
                .append("streamgate_ingest_connections_open ").append(openConnections.getAsInt()).append('\n');
        counterByReason(out, "streamgate_ingest_connections_refused_total",
                "RTMP connections closed by a limit, by reason.", connectionsRefused);
        List<StreamStat> live = streams.get().stream().sorted(Comparator.comparing(StreamStat::fingerprint)).toList();
        String bitrate = "streamgate_ingest_stream_bitrate_bits_per_second";
        out.append("# HELP ").append(bitrate).append(" Media bits per second received, by key fingerprint.\n")
                .append("# TYPE ").append(bitrate).append(" gauge\n");
        live.forEach(st -> out.append(bitrate).append("{stream=\"").append(st.fingerprint())
                .append("\"} ").append(st.bitsPerSecond()).append('\n'));
        out.append("# HELP streamgate_ingest_stream_last_packet_age_seconds Time since media last arrived.\n")
                .append("# TYPE streamgate_ingest_stream_last_packet_age_seconds gauge\n");
        live.forEach(st -> out.append("streamgate_ingest_stream_last_packet_age_seconds{stream=\"")
                .append(st.fingerprint()).append("\"} ").append(st.lastPacketAgeSeconds()).append('\n'));
        counter(out, "streamgate_ingest_publishers_stalled_total",
                "Publishers disconnected by the silence watchdog.", stalled.sum());
        counter(out, "streamgate_ingest_publishers_dropped_total",
                "Publishers disconnected because on_update refused them.", dropped.sum());
        counterByReason(out, "streamgate_ingest_publishes_accepted_total", "Publishes allowed, by reason.", accepted);
        counterByReason(out, "streamgate_ingest_publishes_rejected_total", "Publishes refused, by reason.", rejected);
        counter(out, "streamgate_ingest_publisher_takeovers_total",
                "Publishers that replaced a stale connection with the same key.", takeovers.sum());
        counter(out, "streamgate_ingest_publishes_done_total", "Publishers that left.", publishDone.sum());
        counter(out, "streamgate_ingest_plays_rejected_total",
                "Play requests refused by INGEST_PLAY_ALLOW.", playRejected.sum());
        String h = "streamgate_ingest_publish_hook_duration_seconds";
        out.append("# HELP ").append(h).append(" Duration of on_publish callbacks.\n")
                .append("# TYPE ").append(h).append(" histogram\n");
        for (int i = 0; i < LATENCY_BUCKETS_S.length; i++) {
            out.append(h).append("_bucket{le=\"").append(LATENCY_BUCKETS_S[i]).append("\"} ")
                    .append(latencyBuckets[i].sum()).append('\n');
        }
        long count = latencyCount.sum();
        out.append(h).append("_bucket{le=\"+Inf\"} ").append(count).append('\n')
                .append(h).append("_sum ").append(latencySumNanos.sum() / 1e9).append('\n')
                .append(h).append("_count ").append(count).append('\n');
        return out.toString();
    }

    private static void counterByReason(StringBuilder out, String name, String help, Map<String, LongAdder> values) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n");
        new TreeMap<>(values).forEach((reason, adder) -> out.append(name).append("{reason=\"").append(reason)
                .append("\"} ").append(adder.sum()).append('\n'));
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }
}
