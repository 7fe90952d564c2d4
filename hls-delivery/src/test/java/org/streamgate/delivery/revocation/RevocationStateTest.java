package org.streamgate.delivery.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.streamgate.common.internalapi.RevocationChange;
import org.streamgate.common.internalapi.RevocationChange.Kind;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.delivery.DeliveryConfig.FailMode;

class RevocationStateTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final PlaybackClaims CLAIMS = PlaybackClaims.forSession("code", "event", "session", T0, Duration.ofMinutes(10));

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void revokeAndUnrevokeByEachKind() {
        RevocationState state = new RevocationState(FailMode.CLOSED, Duration.ofMinutes(20), new ManualClock());
        for (Kind kind : Kind.values()) {
            String id = switch (kind) {
                case CODE -> "code";
                case SESSION -> "session";
                case EVENT -> "event";
            };
            state.apply(new RevocationChange(kind, id, true, T0.plusSeconds(1)));
            assertTrue(state.isRevoked(CLAIMS), kind.name());
            state.apply(new RevocationChange(kind, id, false, T0.plusSeconds(2)));
            assertFalse(state.isRevoked(CLAIMS), kind.name());
        }
    }

    @Test
    void anOlderChangeArrivingLateIsIgnored() {
        RevocationState state = new RevocationState(FailMode.CLOSED, Duration.ofMinutes(20), new ManualClock());
        state.apply(new RevocationChange(Kind.CODE, "code", false, T0.plusSeconds(10)));
        state.apply(new RevocationChange(Kind.CODE, "code", true, T0.plusSeconds(5)));
        assertFalse(state.isRevoked(CLAIMS));
    }

    @Test
    void entriesExpireOnceNoTokenCanCarryThem() {
        ManualClock clock = new ManualClock();
        RevocationState state = new RevocationState(FailMode.CLOSED, Duration.ofMinutes(20), clock);
        state.apply(new RevocationChange(Kind.SESSION, "session", true, T0));
        clock.now = T0.plus(Duration.ofMinutes(20));
        state.sweep();
        assertEquals(1, state.size());
        clock.now = T0.plus(Duration.ofMinutes(20)).plusSeconds(1);
        state.sweep();
        assertEquals(0, state.size());
    }

    @Test
    void failModeDecidesBeforeTheFirstSync() {
        ManualClock clock = new ManualClock();
        RevocationState closed = new RevocationState(FailMode.CLOSED, Duration.ofMinutes(20), clock);
        assertFalse(closed.ready());
        closed.markSynced();
        assertTrue(closed.ready());
        assertTrue(new RevocationState(FailMode.OPEN, Duration.ofMinutes(20), clock).ready());
        clock.now = T0.plusSeconds(42);
        assertEquals(Duration.ofSeconds(42), closed.syncAge());
    }

    @Test
    void streamParserAcceptsSingleChangesPagesHeartbeatsAndSkipsGarbage() throws Exception {
        String stream = ": hello\n\n"
                + "event: revocation\nid: 7\ndata: {\"kind\":\"code\",\"id\":\"c1\",\"revoked\":true,\"at\":\"2030-01-01T00:00:00Z\"}\n\n"
                + "data: {\"cursor\":\"9\",\"changes\":[{\"kind\":\"session\",\"id\":\"s1\",\"revoked\":true,\"at\":\"2030-01-01T00:00:00Z\"},\n"
                + "data: {\"kind\":\"event\",\"id\":\"e1\",\"revoked\":false,\"at\":\"2030-01-01T00:00:00Z\"}]}\n\n"
                + "data: not json\n\n";
        List<RevocationFeedClient.StreamEvent> events = new ArrayList<>();
        RevocationFeedClient.readEvents(new BufferedReader(new StringReader(stream)), events::add);
        assertEquals(4, events.size());
        assertEquals(0, events.get(0).changes().size());
        assertEquals("c1", events.get(1).changes().get(0).id());
        assertEquals("7", events.get(1).id().orElseThrow());
        assertEquals(2, events.get(2).changes().size());
        assertEquals(0, events.get(3).changes().size());
    }
}
