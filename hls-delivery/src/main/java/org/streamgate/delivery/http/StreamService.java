package org.streamgate.delivery.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.streamgate.delivery.origin.BytesResource;
import org.streamgate.delivery.origin.Origin;
import org.streamgate.delivery.origin.StreamResource;
import org.streamgate.delivery.path.StreamPath;
import org.streamgate.delivery.playlist.PlaylistRewriter;
import org.streamgate.delivery.token.PresentedToken;
import org.streamgate.delivery.token.TokenGate;

/**
 * {@code GET|HEAD|OPTIONS /streams/<eventId>/<path>} (DESIGN §3.4): path first (400/404 for anything unsafe), then
 * the token (401/403), then the file from the {@link Origin}.
 */
public final class StreamService implements HttpService {

    /** Live playlists change every segment. */
    public static final String CACHE_LIVE_PLAYLIST = "no-cache";
    /** A finished playlist never changes; a day is plenty, tokens expire long before. */
    public static final String CACHE_ENDED_PLAYLIST = "private, max-age=86400";
    /** Segment files are written once and never change. */
    public static final String CACHE_SEGMENT = "private, max-age=31536000, immutable";

    private final TokenGate gate;
    private final Origin origin;
    private final CorsPolicy cors;
    private final RequestMetrics metrics;
    private final Optional<AccelRedirect> accel;

    /** @param accel when present, segments on disk are handed to the nginx in front ({@code ACCEL_REDIRECT_PREFIX}) */
    public StreamService(TokenGate gate, Origin origin, CorsPolicy cors, RequestMetrics metrics,
                         Optional<AccelRedirect> accel) {
        this.gate = gate;
        this.origin = origin;
        this.cors = cors;
        this.metrics = metrics;
        this.accel = accel;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/*", this::serve)
                .head("/*", this::serve)
                .options("/*", cors::preflight);
    }

    private void serve(ServerRequest req, ServerResponse res) throws IOException {
        String kind = "other";
        String status = "500";
        cors.decorate(req, res);
        try {
            StreamPath path = StreamPath.parse(req.path().absolute().rawPath());
            kind = path.kind().label();
            Optional<PresentedToken> token = PresentedToken.find(
                    req.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                    name -> req.query().first(name).asOptional().orElse(null));
            gate.admit(token, path);
            Optional<String> offload = accel.flatMap(a -> a.target(path));
            if (offload.isPresent()) {
                handOver(res, path, offload.get());
                status = Integer.toString(res.status().code());
                return;
            }
            try (StreamResource resource = origin.open(path, token.orElseThrow())) {
                Representation representation = path.kind().isPlaylist()
                        ? playlist(path, resource, token.orElseThrow())
                        : segment(path, resource);
                long sent = representation.send(req, res);
                metrics.bytesOut(kind, sent);
            }
            status = Integer.toString(res.status().code());
        } catch (ApiException e) {
            status = Integer.toString(e.status());
            throw e;
        } catch (IOException e) {
            status = res.isSent() || res.status().code() < 300 ? "aborted" : "500";
            throw e;
        } finally {
            metrics.request(status, kind);
        }
    }

    /**
     * The empty answer nginx turns into the file: {@code Content-Type} and {@code Cache-Control} are among the few
     * upstream headers nginx keeps across an {@code X-Accel-Redirect}; the CORS headers set by {@link CorsPolicy} are
     * re-added by the internal location from {@code $upstream_http_*}. Validators, {@code Range} and {@code HEAD} are
     * nginx's.
     */
    private void handOver(ServerResponse res, StreamPath path, String target) {
        res.header(AccelRedirect.HEADER, target);
        res.header(HeaderNames.CONTENT_TYPE, path.kind().contentType());
        res.header(HeaderNames.CACHE_CONTROL, CACHE_SEGMENT);
        res.contentLength(0);
        res.send();
        accel.orElseThrow().offloaded();
    }

    private static Representation segment(StreamPath path, StreamResource resource) {
        // a file held in memory (hot-file cache) is written from its array, without a read and copy per chunk
        Representation.Body body = resource instanceof BytesResource memory
                ? new Representation.InMemory(memory.bytes())
                : resource::writeTo;
        return new Representation(path.kind().contentType(), CACHE_SEGMENT, resource.etag(), resource.lastModified(),
                resource.length(), body);
    }

    private static Representation playlist(StreamPath path, StreamResource resource, PresentedToken token)
            throws IOException {
        String text = new String(resource.readAll(), StandardCharsets.UTF_8);
        boolean ended = PlaylistRewriter.isEnded(text);
        String etag = resource.etag();
        if (token.fromQuery()) {
            text = PlaylistRewriter.rewrite(text, token.queryParam().orElseThrow(), token.value());
            etag = etag.substring(0, etag.length() - 1) + "-q\"";
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return new Representation(path.kind().contentType(), ended ? CACHE_ENDED_PLAYLIST : CACHE_LIVE_PLAYLIST,
                etag, resource.lastModified(), body.length, new Representation.InMemory(body));
    }
}
