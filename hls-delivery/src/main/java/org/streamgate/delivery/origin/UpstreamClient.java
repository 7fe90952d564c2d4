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
import org.streamgate.delivery.cache.Upstream;

/**
 * GETs files from {@code UPSTREAM_ORIGIN}: {@code <origin>/<eventId>/<path>}, i.e. the origin's root plays the part
 * of {@code STREAM_ROOT} (object storage, nginx, or another machine's stream folder). Viewer tokens are never
 * forwarded. The timeout bounds connecting and the wait for the response headers; stalls while the body streams are
 * caught by the segment cache.
 *
 * <p>Concurrency: thread-safe ({@link HttpClient} is).
 */
public final class UpstreamClient implements Upstream {

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    public UpstreamClient(URI origin, Duration timeout) {
        String b = origin.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public Response get(String key) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(key)).timeout(timeout).GET().build();
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

    private static Optional<Instant> parseDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
