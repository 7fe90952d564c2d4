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
}
