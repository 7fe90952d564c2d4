package org.streamgate.transcoder.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Duration;
import org.streamgate.common.internalapi.JobRequest;
import org.streamgate.transcoder.Jsons;
import org.streamgate.transcoder.ffmpeg.InputSource;
import org.streamgate.transcoder.job.EventIds;
import org.streamgate.transcoder.job.Job;
import org.streamgate.transcoder.job.JobRegistry;
import org.streamgate.transcoder.job.JobSnapshot;
import org.streamgate.transcoder.job.JobState;

/** The jobs API of DESIGN §3.8, mounted at {@code /jobs}. */
public final class JobsService implements HttpService {

    static final int MAX_BODY_CHARS = 16 * 1024;

    private final JobRegistry registry;
    private final Duration finishWait;

    /** @param finishWait how long {@code DELETE} waits for the VOD before answering 202 instead of 200 */
    public JobsService(JobRegistry registry, Duration finishWait) {
        this.registry = registry;
        this.finishWait = finishWait;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .get("/", this::list)
                .get("/{eventId}", this::show)
                .delete("/{eventId}", this::finish);
    }

    private void create(ServerRequest req, ServerResponse res) {
        JobRequest request = parse(req);
        InputSource input;
        try {
            EventIds.require(request.eventId());
            input = new InputSource(request.input());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        input.file().ifPresent(file -> {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw ApiException.badRequest("field input names no readable file: " + file);
            }
        });
        JobRegistry.StartResult result = registry.start(request);
        switch (result) {
            case JobRegistry.StartResult.Started started -> send(res, Status.ACCEPTED_202,
                    started.job().snapshot(false).toJson(false));
            case JobRegistry.StartResult.AlreadyRunning running -> throw new ApiException(Status.CONFLICT_409,
                    "job_exists", "a job for event " + running.existing().eventId() + " is already "
                    + running.existing().state().wireName());
            case JobRegistry.StartResult.Purging purging -> throw new ApiException(Status.CONFLICT_409,
                    "purge_running", "the files of event " + purging.eventId() + " are being deleted");
            case JobRegistry.StartResult.Full full -> throw new ApiException(Status.SERVICE_UNAVAILABLE_503,
                    "capacity_reached", "this transcoder already runs its maximum of " + full.maxJobs() + " jobs");
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder jobs = Jsons.PROVIDER.createArrayBuilder();
        for (JobSnapshot s : registry.list()) {
            jobs.add(s.toJson(false));
        }
        send(res, Status.OK_200, Jsons.PROVIDER.createObjectBuilder()
                .add("jobs", jobs)
                .add("active", registry.activeCount())
                .add("maxJobs", registry.maxJobs())
                .build());
    }

    private void show(ServerRequest req, ServerResponse res) {
        send(res, Status.OK_200, job(req).snapshot(true).toJson(true));
    }

    private void finish(ServerRequest req, ServerResponse res) throws InterruptedException {
        Job job = job(req);
        job.requestFinish();
        boolean done = job.awaitTermination(finishWait);
        JobSnapshot snapshot = job.snapshot(false);
        send(res, done && snapshot.state() != JobState.FINALISING ? Status.OK_200 : Status.ACCEPTED_202,
                snapshot.toJson(false));
    }

    private Job job(ServerRequest req) {
        String id = req.path().pathParameters().get("eventId");
        if (!EventIds.isValid(id)) {
            throw ApiException.badRequest("eventId must match [A-Za-z0-9-]{1,64}");
        }
        return registry.get(id).orElseThrow(() -> ApiException.notFound("no job for event " + id));
    }

    private static JobRequest parse(ServerRequest req) {
        String body = req.content().hasEntity() ? req.content().as(String.class) : "";
        if (body.isBlank()) {
            throw ApiException.badRequest("request body must be a JSON object {eventId, input, profile}");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw ApiException.badRequest("request body is larger than " + MAX_BODY_CHARS + " characters");
        }
        JsonValue value;
        try (JsonReader reader = Jsons.PROVIDER.createReader(new StringReader(body))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw ApiException.badRequest("request body is not valid JSON");
        }
        if (!(value instanceof JsonObject json)) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        try {
            return JobRequest.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static void send(ServerResponse res, Status status, JsonObject body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }
}
