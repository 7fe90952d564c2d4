package org.streamgate.delivery.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.streamgate.common.token.PlaybackClaims;

class TokenCacheTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final PlaybackClaims CLAIMS = PlaybackClaims.forSession("c", "e", "s", NOW, Duration.ofMinutes(10));

    @Test
    void entriesExpireWithTheirToken() {
        TokenCache cache = new TokenCache(10);
        cache.put("t", CLAIMS, NOW.plusSeconds(60), NOW);
        assertNotNull(cache.get("t", NOW.plusSeconds(60)));
        assertNull(cache.get("t", NOW.plusSeconds(61)));
        assertEquals(0, cache.size());
    }

    @Test
    void neverHoldsMoreThanTheBoundAndMakesRoomFromExpiredEntries() {
        TokenCache cache = new TokenCache(3);
        for (int i = 0; i < 10; i++) {
            cache.put("t" + i, CLAIMS, NOW.plusSeconds(i < 3 ? 1 : 600), NOW);
        }
        assertEquals(3, cache.size());
        cache.put("late", CLAIMS, NOW.plusSeconds(600), NOW.plusSeconds(5));
        assertNotNull(cache.get("late", NOW.plusSeconds(5)));
        assertEquals(1, cache.size());
    }

    @Test
    void zeroDisables() {
        TokenCache cache = new TokenCache(0);
        cache.put("t", CLAIMS, NOW.plusSeconds(60), NOW);
        assertNull(cache.get("t", NOW));
    }
}
