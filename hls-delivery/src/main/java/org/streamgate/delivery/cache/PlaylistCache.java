package org.streamgate.delivery.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.streamgate.delivery.http.ApiException;
import org.streamgate.delivery.origin.BytesResource;
import org.streamgate.delivery.origin.StreamResource;
import org.streamgate.delivery.playlist.PlaylistRewriter;
import org.streamgate.delivery.token.PresentedToken;

/**
 * Playlists fetched from upstream, in memory: a live playlist is reused for at most {@link #LIVE_TTL} (so a crowd of
 * viewers polling it costs one upstream request a second), an ended one ({@code #EXT-X-ENDLIST}) until evicted.
 * Concurrent requests for the same playlist share one fetch, made with the token of the request that started it.
 * A failed fetch (including an origin's 401/403) is dropped at once, never served to later requests.
 *
 * <p>Concurrency: a {@link ConcurrentHashMap} of futures; {@code compute} decides atomically who fetches.
 */
public final class PlaylistCache {

    public static final Duration LIVE_TTL = Duration.ofSeconds(1);
    static final int MAX_ENTRIES = 10_000;
    static final int MAX_PLAYLIST_BYTES = 16 * 1024 * 1024;

    private record Cached(byte[] body, Instant lastModified, boolean ended, Instant fetchedAt) {
    }

    private final Upstream upstream;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, CompletableFuture<Cached>> entries = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder fetches = new LongAdder();

    public PlaylistCache(Upstream upstream, Duration timeout, Clock clock) {
        this.upstream = upstream;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** @param requester the token that admitted this request; used if this request starts the fetch */
    public StreamResource open(String key, PresentedToken requester) throws IOException {
        CompletableFuture<Cached> mine = new CompletableFuture<>();
        CompletableFuture<Cached> chosen = entries.compute(key, (k, old) -> old != null && usable(old) ? old : mine);
        if (chosen == mine) {
            if (entries.size() > MAX_ENTRIES) {
                entries.entrySet().removeIf(e -> e.getValue() != mine && e.getValue().isDone());
            }
            fetches.increment();
            fetch(key, requester, mine);
        } else {
            hits.increment();
        }
        try {
            Cached c = chosen.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new BytesResource(c.body, c.lastModified);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(502, "upstream_error", "upstream unavailable");
        } catch (TimeoutException e) {
            throw new ApiException(502, "upstream_timeout", "upstream did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for upstream", e);
        }
    }

    private boolean usable(CompletableFuture<Cached> f) {
        if (!f.isDone()) {
            return true;
        }
        if (f.isCompletedExceptionally()) {
            return false;
        }
        Cached c = f.join();
        return c.ended || !clock.instant().isAfter(c.fetchedAt.plus(LIVE_TTL));
    }

    private void fetch(String key, PresentedToken requester, CompletableFuture<Cached> result) {
        try (Upstream.Response r = upstream.get(key, requester)) {
            if (r.status() == 404) {
                throw new ApiException(404, "not_found", "no such stream file");
            }
            if (r.refused()) {
                throw Upstream.refusal(r.status());
            }
            if (r.status() != 200) {
                throw new ApiException(502, "upstream_error", "upstream answered " + r.status());
            }
            // The client's timeout ends with the headers; a body that stalls is closed under the reader.
            AtomicBoolean read = new AtomicBoolean();
            CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (!read.get()) {
                    closeQuietly(r.body());
                }
            });
            byte[] body = readAtMost(r.body(), MAX_PLAYLIST_BYTES);
            read.set(true);
            Instant now = clock.instant();
            boolean ended = PlaylistRewriter.isEnded(new String(body, StandardCharsets.UTF_8));
            result.complete(new Cached(body, r.lastModified().orElse(now), ended, now));
        } catch (ApiException e) {
            result.completeExceptionally(e);
        } catch (IOException e) {
            result.completeExceptionally(new ApiException(502, "upstream_error", "upstream unavailable"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(new ApiException(502, "upstream_error", "fetch interrupted"));
        } catch (RuntimeException e) {
            result.completeExceptionally(new ApiException(502, "upstream_error", "upstream fetch failed"));
        }
        if (result.isCompletedExceptionally()) {
            entries.remove(key, result);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the reader sees the failure
        }
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
            throw new ApiException(502, "upstream_error", "upstream playlist too large");
        }
        return body;
    }

    /** Drops live playlists past their lifetime; the housekeeper calls this. */
    public void sweep() {
        entries.values().removeIf(f -> f.isDone() && !usable(f));
    }

    public long hits() {
        return hits.sum();
    }

    public long fetches() {
        return fetches.sum();
    }
}
