package org.streamgate.transcoder.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.streamgate.transcoder.job.JobRegistry;
import org.streamgate.transcoder.job.JobSnapshot;
import org.streamgate.transcoder.job.JobState;

/**
 * {@code GET /metrics} in Prometheus text format: jobs by state, restarts, encode speed, segment age, and state
 * reports. Labels carry event ids only (not secrets); never the input URL.
 */
public final class MetricsService implements HttpService {

    private final JobRegistry registry;
    private final LongSupplier reportsDelivered;
    private final LongSupplier reportFailures;
    private final LongSupplier reportsRejected;

    public MetricsService(JobRegistry registry, LongSupplier reportsDelivered, LongSupplier reportFailures,
                          LongSupplier reportsRejected) {
        this.registry = registry;
        this.reportsDelivered = reportsDelivered;
        this.reportFailures = reportFailures;
        this.reportsRejected = reportsRejected;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::metrics);
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(render());
    }

    String render() {
        StringBuilder b = new StringBuilder(1024);
        header(b, "streamgate_transcoder_jobs", "gauge", "Jobs by state.");
        for (Map.Entry<JobState, Integer> e : registry.countByState().entrySet()) {
            b.append("streamgate_transcoder_jobs{state=\"").append(e.getKey().wireName()).append("\"} ")
                    .append(e.getValue()).append('\n');
        }
        header(b, "streamgate_transcoder_max_jobs", "gauge", "Configured MAX_JOBS.");
        b.append("streamgate_transcoder_max_jobs ").append(registry.maxJobs()).append('\n');

        var jobs = registry.list();
        header(b, "streamgate_transcoder_job_restarts_total", "counter", "FFmpeg restarts after a crash, stall or input loss.");
        long total = 0;
        for (JobSnapshot j : jobs) {
            sample(b, "streamgate_transcoder_job_restarts_total", j.eventId(), j.restarts());
            total += j.restarts();
        }
        header(b, "streamgate_transcoder_restarts_total", "counter", "FFmpeg restarts over all jobs.");
        b.append("streamgate_transcoder_restarts_total ").append(total).append('\n');
        header(b, "streamgate_transcoder_job_segments", "gauge", "Segments listed in the job's playlists.");
        jobs.forEach(j -> sample(b, "streamgate_transcoder_job_segments", j.eventId(), j.segments()));
        header(b, "streamgate_transcoder_job_speed", "gauge", "FFmpeg encode speed (1 = real time).");
        jobs.stream().filter(j -> Double.isFinite(j.speed()))
                .forEach(j -> sample(b, "streamgate_transcoder_job_speed", j.eventId(), j.speed()));
        header(b, "streamgate_transcoder_job_last_segment_age_seconds", "gauge", "Seconds since the newest segment was listed.");
        jobs.stream().filter(j -> !j.state().isTerminal() && j.lastSegmentAgeSeconds().isPresent())
                .forEach(j -> sample(b, "streamgate_transcoder_job_last_segment_age_seconds", j.eventId(),
                        j.lastSegmentAgeSeconds().get()));
        header(b, "streamgate_transcoder_job_progress_percent", "gauge", "File conversions: percent done.");
        jobs.stream().filter(j -> j.progress().isPresent())
                .forEach(j -> sample(b, "streamgate_transcoder_job_progress_percent", j.eventId(), j.progress().get()));
        header(b, "streamgate_transcoder_state_reports_delivered_total", "counter", "State reports the platform acknowledged.");
        b.append("streamgate_transcoder_state_reports_delivered_total ").append(reportsDelivered.getAsLong()).append('\n');
        header(b, "streamgate_transcoder_state_report_failures_total", "counter", "State report attempts that failed (retried).");
        b.append("streamgate_transcoder_state_report_failures_total ").append(reportFailures.getAsLong()).append('\n');
        header(b, "streamgate_transcoder_state_reports_rejected_total", "counter", "State reports the platform refused with a final 4xx (dropped).");
        b.append("streamgate_transcoder_state_reports_rejected_total ").append(reportsRejected.getAsLong()).append('\n');
        return b.toString();
    }

    private static void header(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder b, String name, String eventId, double value) {
        b.append(name).append("{event=\"").append(eventId).append("\"} ")
                .append(value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value))
                .append('\n');
    }
}
