package org.streamgate.platform.revocation;

import io.helidon.http.HeaderNames;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import org.streamgate.platform.http.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.streamgate.platform.PlatformMetrics;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.http.InternalAuth;
import org.streamgate.platform.http.Responses;

/**
 * The revocation feed for hls-delivery nodes (DESIGN §3.5).
 * <ul>
 * <li>{@code GET /internal/revocations?since=<cursor>&limit=} → {@code {cursor, changes:[...], more}}; the cursor is
 *     an opaque string (today a number), {@code since} absent means from the beginning.</li>
 * <li>{@code GET /internal/revocations/stream?since=<cursor>} (or {@code Last-Event-ID}) → server-sent events: first
 *     {@code event: ready} with {@code {"cursor":...,"changes":[]}} (a page, so readers that expect pages or
 *     changes both understand it), then one {@code event: revocation} per change with
 *     {@code id: <cursor>} and data {@code {kind,id,revoked,at,cursor}}; comments keep the connection alive.
 *     Without {@code since} the stream starts at the current head.</li>
 * </ul>
 */
public final class RevocationService implements HttpService {

    private static final System.Logger LOG = System.getLogger(RevocationService.class.getName());
    static final Duration WAKE_INTERVAL = Duration.ofSeconds(5);
    static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(15);

    private final InternalAuth internalAuth;
    private final RevocationLog log;
    private final RevocationSignal signal;
    private final PlatformMetrics metrics;
    private final AtomicInteger subscribers = new AtomicInteger();

    public RevocationService(InternalAuth internalAuth, RevocationLog log, RevocationSignal signal, PlatformMetrics metrics) {
        this.internalAuth = internalAuth;
        this.log = log;
        this.signal = signal;
        this.metrics = metrics;
        metrics.revocationSubscribers(subscribers::get);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::feed)
                .get("/stream", this::stream);
    }

    private void feed(ServerRequest req, ServerResponse res) {
        internalAuth.require(req);
        long since = cursor(req.query().first("since").orElse(null), 0);
        int limit = RevocationLog.MAX_PAGE;
        String limitText = req.query().first("limit").orElse(null);
        if (limitText != null) {
            try {
                limit = Math.max(1, Math.min(RevocationLog.MAX_PAGE, Integer.parseInt(limitText)));
            } catch (NumberFormatException e) {
                throw ApiException.invalid("limit must be a number");
            }
        }
        RevocationLog.Page page = log.since(since, limit);
        JsonArrayBuilder changes = Jsons.PROVIDER.createArrayBuilder();
        page.changes().forEach(e -> changes.add(e.change().toJson()));
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder()
                .add("cursor", Long.toString(page.cursor()))
                .add("changes", changes)
                .add("more", page.changes().size() >= limit)
                .build());
    }

    private void stream(ServerRequest req, ServerResponse res) {
        internalAuth.require(req);
        String since = req.query().first("since")
                .orElseGet(() -> req.headers().first(HeaderNames.create("Last-Event-ID")).orElse(null));
        long cursor = since == null ? log.head() : cursor(since, 0);
        subscribers.incrementAndGet();
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("X-Accel-Buffering"), "no");
        try (SseSink sink = res.sink(SseSink.TYPE)) {
            sink.emit(SseEvent.builder().name("ready")
                    .data(Jsons.PROVIDER.createObjectBuilder().add("cursor", Long.toString(cursor))
                            .add("changes", Jsons.PROVIDER.createArrayBuilder()).build().toString()).build());
            long generation = signal.generation();
            long lastSent = System.nanoTime();
            while (!signal.closed()) {
                RevocationLog.Page page = log.since(cursor, RevocationLog.MAX_PAGE);
                for (RevocationLog.Entry e : page.changes()) {
                    JsonObject data = Jsons.PROVIDER.createObjectBuilder(e.change().toJson())
                            .add("cursor", Long.toString(e.id())).build();
                    sink.emit(SseEvent.builder().id(Long.toString(e.id())).name("revocation").data(data.toString()).build());
                    metrics.revocationStreamEvent();
                    lastSent = System.nanoTime();
                }
                cursor = page.cursor();
                if (page.changes().size() >= RevocationLog.MAX_PAGE) {
                    continue;
                }
                if (System.nanoTime() - lastSent > KEEPALIVE_INTERVAL.toNanos()) {
                    sink.emit(SseEvent.builder().comment("keepalive").build());
                    lastSent = System.nanoTime();
                }
                generation = signal.await(generation, WAKE_INTERVAL);
            }
        } catch (UncheckedIOException e) {
            LOG.log(Level.DEBUG, "revocation subscriber went away");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (isClientGone(e)) {
                LOG.log(Level.DEBUG, "revocation subscriber went away");
            } else {
                LOG.log(Level.WARNING, "revocation stream failed", e);
            }
        } finally {
            subscribers.decrementAndGet();
        }
    }

    private static boolean isClientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private static long cursor(String text, long fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.invalid("since must be a cursor returned by this feed");
        }
    }
}
