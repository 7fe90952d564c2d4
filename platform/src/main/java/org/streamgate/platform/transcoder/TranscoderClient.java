package org.streamgate.platform.transcoder;

import org.streamgate.platform.http.Jsons;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.streamgate.common.internalapi.InternalApiKey;
import org.streamgate.common.internalapi.JobRequest;
import org.streamgate.platform.PlatformMetrics;

/**
 * Outbound calls to the transcoders (DESIGN §3.8, §5): {@code POST /jobs}, {@code GET /jobs/<eventId>} and
 * {@code DELETE /jobs/<eventId>}, with the internal key in {@link InternalApiKey#HEADER}.
 *
 * <p>With several transcoders ({@code TRANSCODER_URL} is a comma-separated list) a job goes to the one that already
 * ran the event, else to the next healthy one in round-robin order; a transcoder that is down or answers 5xx (for
 * example 503 {@code capacity_reached}) is skipped. The choice is recorded through {@link Assignments} so that every
 * platform instance later ends the job on the same host. Starting a job runs in the background with retries, so the
 * publish callback answers at once.
 *
 * <p>Concurrency: thread-safe; the round-robin position is an atomic counter, assignments live in the database.
 */
public final class TranscoderClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TranscoderClient.class.getName());
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    /** Where an event's job runs; backed by the events table. */
    public interface Assignments {
        Optional<URI> get(String eventId);

        void set(String eventId, URI transcoder);
    }

    private final List<URI> transcoders;
    private final InternalApiKey key;
    private final PlatformMetrics metrics;
    private final Assignments assignments;
    private final HttpClient http;
    private final ExecutorService background = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("transcoder-job-", 0).factory());
    private final AtomicInteger next = new AtomicInteger();
    private final int attempts;
    private final Duration firstBackoff;

    public TranscoderClient(List<URI> transcoders, InternalApiKey key, PlatformMetrics metrics, Assignments assignments,
                            int attempts, Duration firstBackoff) {
        if (transcoders.isEmpty()) {
            throw new IllegalArgumentException("at least one transcoder URL is needed");
        }
        this.transcoders = List.copyOf(transcoders);
        this.key = key;
        this.metrics = metrics;
        this.assignments = assignments;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts the job in the background; failures are logged and counted, never thrown. */
    public void startJobAsync(JobRequest job) {
        background.submit(() -> startJob(job));
    }

    /** @return whether a transcoder accepted the job */
    public boolean startJob(JobRequest job) {
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            for (URI transcoder : candidates(job.eventId())) {
                if (transcoders.size() > 1 && !healthy(transcoder)) {
                    LOG.log(Level.WARNING, "[" + job.eventId() + "] skipping unhealthy transcoder " + transcoder);
                    continue;
                }
                int status = post(transcoder, job, attempt);
                if (status / 100 == 2) {
                    assignments.set(job.eventId(), transcoder);
                    LOG.log(Level.INFO, "[" + job.eventId() + "] transcoder job started on " + transcoder
                            + " (" + job.profile().wireName() + ")");
                    metrics.transcoderJob("ok");
                    return true;
                }
                if (status / 100 == 4 && status != 408 && status != 429) {
                    metrics.transcoderJob("refused");
                    return false;
                }
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        metrics.transcoderJob("failed");
        return false;
    }

    /** {@code GET /jobs/<eventId>} on the event's transcoder, if it knows the job. */
    public Optional<JsonObject> job(String eventId) {
        for (URI transcoder : assigned(eventId)) {
            try {
                HttpRequest request = HttpRequest.newBuilder(jobUri(transcoder, eventId))
                        .timeout(REQUEST_TIMEOUT)
                        .header(InternalApiKey.HEADER, key.value())
                        .GET()
                        .build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    try (var reader = Jsons.PROVIDER.createReader(new StringReader(response.body()))) {
                        return Optional.of(reader.readObject());
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "[" + eventId + "] job status from " + transcoder + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Asks the event's transcoder to finalise the event to VOD now; true when it did or had no such job. */
    public boolean endJob(String eventId) {
        boolean ok = false;
        for (URI transcoder : assigned(eventId)) {
            try {
                HttpRequest request = HttpRequest.newBuilder(jobUri(transcoder, eventId))
                        .timeout(REQUEST_TIMEOUT)
                        .header(InternalApiKey.HEADER, key.value())
                        .DELETE()
                        .build();
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                LOG.log(Level.INFO, "[" + eventId + "] end job on " + transcoder + ": HTTP " + status);
                ok |= status / 100 == 2 || status == 404;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "[" + eventId + "] transcoder " + transcoder + " unreachable for end job: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ok;
            }
        }
        return ok;
    }

    /**
     * What a transcoder answered to a purge of an event's files.
     *
     * @param status HTTP status of the transcoder that had the files (200), refused (409), or 404 when none had
     *               them; 599 when no transcoder could be reached
     * @param body   that transcoder's JSON answer, or empty
     */
    public record PurgeResult(int status, Optional<JsonObject> body) {
    }

    /**
     * Asks the transcoders to delete an event's HLS files ({@code DELETE /events/<id>/files}): the assigned one, or
     * every one when unknown, since each host purges only its own stream root. A transcoder refuses while a job for
     * the event runs.
     */
    public PurgeResult purgeFiles(String eventId) {
        PurgeResult result = new PurgeResult(599, Optional.empty());
        for (URI transcoder : assigned(eventId)) {
            try {
                HttpRequest request = HttpRequest.newBuilder(transcoder.resolve(
                                "/events/" + URLEncoder.encode(eventId, StandardCharsets.UTF_8) + "/files"))
                        .timeout(REQUEST_TIMEOUT)
                        .header(InternalApiKey.HEADER, key.value())
                        .DELETE()
                        .build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                LOG.log(Level.INFO, "[" + eventId + "] purge files on " + transcoder + ": HTTP " + response.statusCode());
                Optional<JsonObject> body = Optional.empty();
                if (response.body().startsWith("{")) {
                    try (var reader = Jsons.PROVIDER.createReader(new StringReader(response.body()))) {
                        body = Optional.of(reader.readObject());
                    }
                }
                if (response.statusCode() != 404 || result.status() == 599) {
                    result = new PurgeResult(response.statusCode(), body);
                }
                if (response.statusCode() != 404) {
                    return result;
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "[" + eventId + "] transcoder " + transcoder + " unreachable for purge: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
        }
        return result;
    }

    /** The assigned transcoder first, then the others starting at the round-robin position. */
    List<URI> candidates(String eventId) {
        List<URI> order = new ArrayList<>(transcoders.size());
        assignments.get(eventId).filter(transcoders::contains).ifPresent(order::add);
        int start = Math.floorMod(next.getAndIncrement(), transcoders.size());
        for (int i = 0; i < transcoders.size(); i++) {
            URI t = transcoders.get((start + i) % transcoders.size());
            if (!order.contains(t)) {
                order.add(t);
            }
        }
        return order;
    }

    /** The assigned transcoder, or all of them when unknown. */
    private List<URI> assigned(String eventId) {
        return assignments.get(eventId).map(List::of).orElse(transcoders);
    }

    private int post(URI transcoder, JobRequest job, int attempt) {
        try {
            HttpRequest request = HttpRequest.newBuilder(transcoder.resolve("/jobs"))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header(InternalApiKey.HEADER, key.value())
                    .POST(HttpRequest.BodyPublishers.ofString(job.toJson().toString()))
                    .build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                LOG.log(Level.WARNING, "[" + job.eventId() + "] transcoder " + transcoder + " refused job: HTTP " + status
                        + " (attempt " + attempt + "/" + attempts + ")");
            }
            return status;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "[" + job.eventId() + "] transcoder " + transcoder + " unreachable: " + e
                    + " (attempt " + attempt + "/" + attempts + ")");
            return 599;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 599;
        }
    }

    private boolean healthy(URI transcoder) {
        try {
            HttpRequest request = HttpRequest.newBuilder(transcoder.resolve("/health")).timeout(HEALTH_TIMEOUT).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static URI jobUri(URI transcoder, String eventId) {
        return transcoder.resolve("/jobs/" + URLEncoder.encode(eventId, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        background.shutdown();
        try {
            if (!background.awaitTermination(2, TimeUnit.SECONDS)) {
                background.shutdownNow();
            }
        } catch (InterruptedException e) {
            background.shutdownNow();
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
