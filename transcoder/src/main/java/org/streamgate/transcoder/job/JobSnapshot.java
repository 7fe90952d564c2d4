package org.streamgate.transcoder.job;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.streamgate.transcoder.Jsons;

/**
 * What {@code GET /jobs} shows of a job at one moment. Never carries the raw input URL (its stream key is a
 * secret) — only the masked form.
 *
 * @param progress        file inputs only: 0..100 (media time written over the probed duration; 100 once ended)
 * @param durationSeconds file inputs only: the probed length of the file
 */
public record JobSnapshot(
        String eventId,
        String profile,
        JobState state,
        String inputMasked,
        long pid,
        int runs,
        int restarts,
        List<String> renditions,
        int segments,
        Optional<Double> lastSegmentAgeSeconds,
        double speed,
        double fps,
        double outTimeSeconds,
        int inputBitrateKbps,
        Optional<Integer> progress,
        Optional<Double> durationSeconds,
        Instant createdAt,
        Instant stateSince,
        Optional<Integer> lastExitCode,
        Optional<String> reason,
        List<String> log) {

    public JsonObject toJson(boolean withLog) {
        JsonObjectBuilder b = Jsons.PROVIDER.createObjectBuilder()
                .add("eventId", eventId)
                .add("profile", profile)
                .add("state", state.wireName())
                .add("input", inputMasked)
                .add("runs", runs)
                .add("restarts", restarts)
                .add("segments", segments)
                .add("createdAt", createdAt.toString())
                .add("stateSince", stateSince.toString());
        if (pid > 0) {
            b.add("pid", pid);
        } else {
            b.addNull("pid");
        }
        JsonArrayBuilder r = Jsons.PROVIDER.createArrayBuilder();
        renditions.forEach(r::add);
        b.add("renditions", r);
        if (lastSegmentAgeSeconds.isPresent()) {
            b.add("lastSegmentAgeSeconds", round(lastSegmentAgeSeconds.get()));
        } else {
            b.addNull("lastSegmentAgeSeconds");
        }
        addNumber(b, "speed", speed);
        addNumber(b, "fps", fps);
        b.add("outTimeSeconds", round(outTimeSeconds));
        if (inputBitrateKbps > 0) {
            b.add("inputBitrateKbps", inputBitrateKbps);
        } else {
            b.addNull("inputBitrateKbps");
        }
        if (progress.isPresent()) {
            b.add("progress", progress.get());
        } else {
            b.addNull("progress");
        }
        durationSeconds.ifPresent(d -> b.add("durationSeconds", round(d)));
        lastExitCode.ifPresent(c -> b.add("lastExitCode", c));
        reason.ifPresent(m -> b.add("reason", m));
        if (withLog) {
            JsonArrayBuilder l = Jsons.PROVIDER.createArrayBuilder();
            log.forEach(l::add);
            b.add("log", l);
        }
        return b.build();
    }

    private static void addNumber(JsonObjectBuilder b, String name, double v) {
        if (Double.isFinite(v)) {
            b.add(name, round(v));
        } else {
            b.addNull(name);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
