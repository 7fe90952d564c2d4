package org.streamgate.delivery.revocation;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.streamgate.common.internalapi.InternalApiKey;
import org.streamgate.common.internalapi.RevocationChange;

/**
 * Talks to the platform's revocation feed (DESIGN §3.5): {@code GET /internal/revocations?since=<cursor>} and the
 * server-sent-events stream {@code GET /internal/revocations/stream}. Both carry {@code X-Internal-Api-Key}.
 *
 * <p>Stream format accepted: each event's {@code data} is either one change object
 * ({@code {kind,id,revoked,at}}) or a page ({@code {cursor?, changes:[...]}}); the event name is not needed;
 * lines starting with {@code :} are heartbeats. The first poll is sent without {@code since}.
 *
 * <p>Concurrency: thread-safe ({@link HttpClient} is).
 */
public final class RevocationFeedClient {

    private static final System.Logger LOG = System.getLogger(RevocationFeedClient.class.getName());

    /** One answer of the poll route. */
    public record Page(Optional<String> cursor, List<RevocationChange> changes) {
    }

    /** Something arrived on the stream: changes (possibly none, for a heartbeat) and the event id if any. */
    public record StreamEvent(List<RevocationChange> changes, Optional<String> id) {
    }

    private final URI platform;
    private final InternalApiKey key;
    private final Duration timeout;
    private final HttpClient http;

    public RevocationFeedClient(URI platform, InternalApiKey key, Duration timeout) {
        this.platform = platform;
        this.key = key;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public Page poll(Optional<String> cursor) throws IOException, InterruptedException {
        String query = cursor.map(c -> "?since=" + URLEncoder.encode(c, StandardCharsets.UTF_8)).orElse("");
        HttpRequest request = HttpRequest.newBuilder(platform.resolve("/internal/revocations" + query))
                .timeout(timeout)
                .header(InternalApiKey.HEADER, key.value())
                .header("Accept", "application/json")
                .GET()
                .build();
        // The request timeout ends with the headers; waiting on the future bounds the body too.
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = pending.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // a refused connection has no message of its own: name the exception, so the log says what happened
            Throwable cause = e.getCause();
            String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new IOException("platform " + platform + " unreachable (" + why + ")", cause);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new IOException("revocation poll timed out");
        }
        if (response.statusCode() != 200) {
            throw new IOException("revocation poll answered " + response.statusCode());
        }
        JsonObject body = parse(response.body());
        return new Page(cursor(body), changes(body));
    }

    /**
     * Opens the stream and delivers events until it ends; returns normally when the server closes it, throws when it
     * cannot be opened or breaks. {@code onOpen} runs once the server accepted the stream.
     *
     * @param holder receives the open body so another thread may close it to abort a stalled stream
     */
    public void stream(Optional<String> cursor, Optional<String> lastEventId, Runnable onOpen, Consumer<StreamEvent> onEvent,
                       Consumer<InputStream> holder) throws IOException, InterruptedException {
        String query = cursor.map(c -> "?since=" + URLEncoder.encode(c, StandardCharsets.UTF_8)).orElse("");
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.resolve("/internal/revocations/stream" + query))
                .header(InternalApiKey.HEADER, key.value())
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .GET();
        lastEventId.ifPresent(id -> request.header("Last-Event-ID", id));
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("revocation stream answered " + response.statusCode());
            }
            holder.accept(body);
            onOpen.run();
            readEvents(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)), onEvent);
        }
    }

    static void readEvents(BufferedReader reader, Consumer<StreamEvent> onEvent) throws IOException {
        StringBuilder data = new StringBuilder();
        String id = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    List<RevocationChange> changes;
                    try {
                        JsonObject json = parse(data.toString());
                        changes = json.containsKey("changes") ? changes(json) : List.of(RevocationChange.fromJson(json));
                    } catch (IOException | RuntimeException e) {
                        // One bad event must not stall the stream; the poll still delivers whatever it meant.
                        LOG.log(System.Logger.Level.WARNING, "revocation stream: skipped an unreadable event: " + e.getMessage());
                        changes = List.of();
                    }
                    onEvent.accept(new StreamEvent(changes, Optional.ofNullable(id)));
                }
                data.setLength(0);
                continue;
            }
            if (line.startsWith(":")) {
                onEvent.accept(new StreamEvent(List.of(), Optional.empty()));
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data.append(data.isEmpty() ? "" : "\n").append(value);
                case "id" -> id = value.isEmpty() ? null : value;
                default -> {
                    // event names and retry hints are not needed
                }
            }
        }
    }

    private static JsonObject parse(String text) throws IOException {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IOException("revocation feed sent something that is not a JSON object");
        }
    }

    private static Optional<String> cursor(JsonObject body) {
        JsonValue cursor = body.get("cursor");
        if (cursor instanceof JsonString s) {
            return Optional.of(s.getString());
        }
        if (cursor instanceof JsonNumber n) {
            return Optional.of(n.toString());
        }
        return Optional.empty();
    }

    private static List<RevocationChange> changes(JsonObject body) throws IOException {
        JsonValue value = body.get("changes");
        if (!(value instanceof JsonArray array)) {
            throw new IOException("revocation feed answer has no changes array");
        }
        List<RevocationChange> changes = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            try {
                changes.add(RevocationChange.fromJson(v.asJsonObject()));
            } catch (RuntimeException e) {
                throw new IOException("bad revocation change: " + e.getMessage());
            }
        }
        return changes;
    }
}
