package org.streamgate.delivery.token;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.streamgate.common.token.PlaybackClaims;

/**
 * Tokens that already passed verification, so a viewer's next requests skip the HMAC and the JSON parse. Keyed by
 * the whole token text, so a hit means the very same signed bytes. An entry lives until its token expires (plus the
 * leeway); the cache never holds more than {@code maxEntries}: when full it first drops expired entries (at most
 * once a second) and otherwise simply stops adding, so the hot path never blocks.
 *
 * <p>Concurrency: a {@link ConcurrentHashMap}; the sweep and the insertions race harmlessly (a lost insertion only
 * costs one more verification).
 */
public final class TokenCache {

    private final int maxEntries;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepMillis = new AtomicLong();

    private record Entry(PlaybackClaims claims, Instant validUntil) {
    }

    /** @param maxEntries 0 disables the cache */
    public TokenCache(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** The cached claims, or {@code null} when absent or expired at {@code now}. */
    public PlaybackClaims get(String token, Instant now) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (now.isAfter(entry.validUntil)) {
            entries.remove(token, entry);
            return null;
        }
        return entry.claims;
    }

    /**
     * @param validUntil the last instant the token still verifies ({@code exp} + leeway)
     * @param now        the caller's clock, used when a full cache must drop expired entries
     */
    public void put(String token, PlaybackClaims claims, Instant validUntil, Instant now) {
        if (maxEntries == 0) {
            return;
        }
        if (entries.size() >= maxEntries) {
            sweepAtMostEverySecond(now);
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(token, new Entry(claims, validUntil));
    }

    /** Drops every entry expired at {@code now}; the housekeeping task calls this. */
    public void sweep(Instant now) {
        entries.values().removeIf(e -> now.isAfter(e.validUntil));
    }

    public int size() {
        return entries.size();
    }

    private void sweepAtMostEverySecond(Instant now) {
        long nowMillis = now.toEpochMilli();
        long last = lastSweepMillis.get();
        if (nowMillis - last >= 1000 && lastSweepMillis.compareAndSet(last, nowMillis)) {
            sweep(now);
        }
    }
}
