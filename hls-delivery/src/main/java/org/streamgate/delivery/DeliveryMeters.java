package org.streamgate.delivery;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.streamgate.delivery.cache.PlaylistCache;
import org.streamgate.delivery.cache.SegmentCache;
import org.streamgate.delivery.hotfile.HotFileCache;
import org.streamgate.delivery.http.AccelRedirect;
import org.streamgate.delivery.revocation.RevocationState;
import org.streamgate.delivery.revocation.RevocationSync;
import org.streamgate.delivery.token.TokenGate;

/**
 * The {@code /metrics} meters that read the components' own counters (DESIGN §3.9, issue 5): token cache, token
 * rejections by reason, segment and playlist cache, upstream, revocation sync. Request counts by status and kind and
 * bytes out are counted where they happen ({@link org.streamgate.delivery.http.RequestMetrics}); upstream latency is
 * timed around the upstream client in {@link DeliveryServer}.
 */
final class DeliveryMeters {

    private final MeterRegistry meters;

    DeliveryMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void register(TokenGate gate, Optional<RevocationState> revocationState, Optional<RevocationSync> revocationSync,
                  Optional<SegmentCache> segmentCache, Optional<PlaylistCache> playlistCache,
                  Optional<HotFileCache> hotFiles, Optional<AccelRedirect> accel) {
        register(Gauge.builder("delivery_token_cache_size", gate.cache(), c -> (double) c.size())
                .description("Verified tokens held in the token cache"));
        register(FunctionalCounter.builder("delivery_token_cache_hits", gate, TokenGate::cacheHits));
        register(FunctionalCounter.builder("delivery_token_cache_misses", gate, TokenGate::cacheMisses));
        for (TokenGate.Rejection r : TokenGate.Rejection.values()) {
            register(FunctionalCounter.builder("delivery_token_rejections", gate, g -> g.rejections(r))
                    .tags(List.of(Tag.create("reason", r.name().toLowerCase(Locale.ROOT)))));
        }
        register(Gauge.builder("delivery_revocation_sync_age_seconds", revocationState,
                        s -> s.map(r -> r.syncAge().toMillis() / 1000.0).orElse(0.0))
                .description("Seconds since the revocation state was last confirmed by the platform (0 when sync is off)"));
        revocationState.ifPresent(state -> register(Gauge.builder("delivery_revocation_entries", state,
                r -> (double) r.size())));
        segmentCache.ifPresent(cache -> {
            register(FunctionalCounter.builder("delivery_cache_hits", cache, SegmentCache::hits)
                    .description("Segment requests served from the disk cache"));
            register(FunctionalCounter.builder("delivery_cache_misses", cache, SegmentCache::misses)
                    .description("Segment requests not in the disk cache (fetched or joined a running fetch)"));
            register(FunctionalCounter.builder("delivery_cache_joined", cache, SegmentCache::joined)
                    .description("Misses that joined a running upstream fetch"));
            register(FunctionalCounter.builder("delivery_upstream_fetches", cache, SegmentCache::fetches));
            register(FunctionalCounter.builder("delivery_upstream_errors", cache, SegmentCache::upstreamErrors));
            register(FunctionalCounter.builder("delivery_cache_evictions", cache, SegmentCache::sizeEvictions)
                    .tags(List.of(Tag.create("reason", "size"))));
            register(FunctionalCounter.builder("delivery_cache_evictions", cache, SegmentCache::ageEvictions)
                    .tags(List.of(Tag.create("reason", "age"))));
            register(Gauge.builder("delivery_cache_bytes", cache, c -> (double) c.bytes()));
            register(Gauge.builder("delivery_cache_files", cache, c -> (double) c.files()));
        });
        playlistCache.ifPresent(cache -> {
            register(FunctionalCounter.builder("delivery_playlist_cache_hits", cache, PlaylistCache::hits));
            register(FunctionalCounter.builder("delivery_playlist_fetches", cache, PlaylistCache::fetches));
        });
        hotFiles.ifPresent(cache -> {
            register(FunctionalCounter.builder("delivery_hot_file_hits", cache, HotFileCache::hits)
                    .description("Requests served from the in-memory hot-file cache"));
            register(FunctionalCounter.builder("delivery_hot_file_loads", cache, HotFileCache::loads)
                    .description("Files read into the hot-file cache"));
            register(FunctionalCounter.builder("delivery_hot_file_bypasses", cache, HotFileCache::bypasses)
                    .description("Requests streamed from disk: file too large, just modified, or changed while read"));
            register(FunctionalCounter.builder("delivery_hot_file_evictions", cache, HotFileCache::evictions));
            register(Gauge.builder("delivery_hot_file_bytes", cache, c -> (double) c.bytes()));
            register(Gauge.builder("delivery_hot_file_files", cache, c -> (double) c.files()));
        });
        accel.ifPresent(a -> register(FunctionalCounter.builder("delivery_accel_redirects", a, AccelRedirect::offloadedCount)
                .description("Segment responses handed to the nginx in front with X-Accel-Redirect (nginx sent the bytes)")));
        revocationSync.ifPresent(sync -> {
            register(Gauge.builder("delivery_revocation_stream_open", sync, r -> r.streamOpen() ? 1.0 : 0.0));
            register(FunctionalCounter.builder("delivery_revocation_changes_applied", sync,
                    RevocationSync::changesApplied));
        });
    }

    /**
     * Registers a meter that reads this server's objects, replacing one left by an earlier server in the same JVM
     * (Helidon's registry is process-wide; tests start many servers).
     */
    private <B extends Meter.Builder<B, M>, M extends Meter> void register(B builder) {
        meters.remove(builder.name(), tagsOf(builder));
        meters.getOrCreate(builder);
    }

    private static List<Tag> tagsOf(Meter.Builder<?, ?> builder) {
        return builder.tags().entrySet().stream().map(e -> Tag.create(e.getKey(), e.getValue())).toList();
    }

}
