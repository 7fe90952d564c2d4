package org.streamgate.ingest.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IngestMetricsTest {

    @Test
    void rendersPrometheusTextWithReasonsAndHistogram() {
        IngestMetrics m = new IngestMetrics();
        m.bindActivePublishers(() -> 2);
        m.publishAccepted("allowed");
        m.publishRejected("denied");
        m.publishRejected("denied");
        m.hookLatency(30_000_000L); // 30 ms
        String text = m.render();
        assertTrue(text.contains("streamgate_ingest_publishers_active 2\n"), text);
        assertTrue(text.contains("streamgate_ingest_publishes_accepted_total{reason=\"allowed\"} 1\n"), text);
        assertTrue(text.contains("streamgate_ingest_publishes_rejected_total{reason=\"denied\"} 2\n"), text);
        assertTrue(text.contains("streamgate_ingest_publish_hook_duration_seconds_bucket{le=\"0.025\"} 0\n"), text);
        assertTrue(text.contains("streamgate_ingest_publish_hook_duration_seconds_bucket{le=\"0.05\"} 1\n"), text);
        assertTrue(text.contains("streamgate_ingest_publish_hook_duration_seconds_count 1\n"), text);
    }

    @Test
    void rendersPerStreamGaugesByFingerprintAndConnectionLimits() {
        IngestMetrics m = new IngestMetrics();
        m.bindOpenConnections(() -> 7);
        m.bindStreams(() -> java.util.List.of(new StreamStat("key#0badf00d", 2_500_000, 0.25)));
        m.connectionRefused("max_connections");
        m.publisherStalled();
        String text = m.render();
        assertTrue(text.contains("streamgate_ingest_connections_open 7\n"), text);
        assertTrue(text.contains("streamgate_ingest_connections_refused_total{reason=\"max_connections\"} 1\n"), text);
        assertTrue(text.contains("streamgate_ingest_stream_bitrate_bits_per_second{stream=\"key#0badf00d\"} 2500000\n"),
                text);
        assertTrue(text.contains("streamgate_ingest_stream_last_packet_age_seconds{stream=\"key#0badf00d\"} 0.25\n"),
                text);
        assertTrue(text.contains("streamgate_ingest_publishers_stalled_total 1\n"), text);
    }
}
