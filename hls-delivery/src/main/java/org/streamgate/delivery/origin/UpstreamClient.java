package org.streamgate.delivery.origin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.streamgate.delivery.cache.Upstream;
import org.streamgate.delivery.token.PresentedToken;

/**
 * GETs files from {@code UPSTREAM_ORIGIN}: {@code <origin>/<eventId>/<path>}, i.e. the origin's root plays the part
 * of {@code STREAM_ROOT} (object storage, nginx, or another machine's stream folder). The timeout bounds connecting
 * and the wait for the response headers; stalls while the body streams are caught by the segment cache.
 *
 * <p>Viewer tokens stay on this node unless {@code UPSTREAM_FORWARD_TOKEN=true}: then the token that admitted the
 * request is sent as {@code Authorization: Bearer} (never in the URL, so it cannot end up in an origin's or proxy's
 * access log), so an edge can pull from an origin that is itself a gated hls-delivery
 * ({@code UPSTREAM_ORIGIN=http://origin:4000/streams}), which verifies it exactly as it would a viewer's. Redirects
 * are then not followed: a token is never handed to wherever a redirect points.
 *
 * <p>Concurrency: thread-safe ({@link HttpClient} is; the warning throttle is an atomic).
 */
public final class UpstreamClient implements Upstream {

    private static final System.Logger LOG = System.getLogger(UpstreamClient.class.getName());
    /** A misconfigured edge is refused on every fetch; one warning per interval is enough to notice. */
    static final Duration REFUSAL_WARNING_INTERVAL = Duration.ofSeconds(30);

    private final URI base;
    private final Duration timeout;
    private final boolean forwardToken;
    private final HttpClient http;
    private final AtomicLong lastRefusalWarningNanos = new AtomicLong(System.nanoTime() - REFUSAL_WARNING_INTERVAL.toNanos());

    /** An origin that sees no viewer token (object storage, nginx, a plain file server). */
    public UpstreamClient(URI origin, Duration timeout) {
        this(origin, timeout, false);
    }

    /** @param forwardToken {@code UPSTREAM_FORWARD_TOKEN}: send the admitting viewer's token upstream */
    public UpstreamClient(URI origin, Duration timeout, boolean forwardToken) {
        String b = origin.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.timeout = timeout;
        this.forwardToken = forwardToken;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(forwardToken ? HttpClient.Redirect.NEVER : HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public Response get(String key, PresentedToken requester) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(key)).timeout(timeout).GET();
        if (forwardToken) {
            request.header("Authorization", "Bearer " + requester.value());
        }
        Response answer = send(request.build());
        if (answer.refused()) {
            warnRefused(key, answer.status());
        }
        return answer;
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new IOException("upstream connect timed out", e);
        } catch (HttpTimeoutException e) {
            throw new IOException("upstream did not answer within " + timeout.toMillis() + " ms", e);
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        Optional<Instant> lastModified = response.headers().firstValue("Last-Modified").flatMap(UpstreamClient::parseDate);
        return new Response(response.statusCode(), length, lastModified, response.body());
    }

    /** Names the likely cause for the operator; the path is logged, never the token. */
    private void warnRefused(String key, int status) {
        long now = System.nanoTime();
        long last = lastRefusalWarningNanos.get();
        if (now - last < REFUSAL_WARNING_INTERVAL.toNanos() || !lastRefusalWarningNanos.compareAndSet(last, now)) {
            return;
        }
        String hint = forwardToken
                ? "the origin refused the forwarded viewer token: does it share PLAYBACK_SIGNING_SECRET, and was the"
                        + " viewer just revoked?"
                : "the origin wants authentication: if it is a StreamGate hls-delivery, set UPSTREAM_FORWARD_TOKEN=true";
        LOG.log(System.Logger.Level.WARNING, key + ": upstream answered " + status + "; " + hint
                + " (repeats within " + REFUSAL_WARNING_INTERVAL.toSeconds() + " s are not logged)");
    }

    private static Optional<Instant> parseDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
