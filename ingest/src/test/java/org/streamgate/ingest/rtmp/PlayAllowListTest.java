package org.streamgate.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.streamgate.ingest.http.IngestMetrics;

class PlayAllowListTest {

    private final PlayAllowList list = new PlayAllowList(List.of("127.0.0.1", "::1"), new IngestMetrics());

    @Test
    void allowsListedAddressesInAnySpelling() {
        assertTrue(list.isAllowed("127.0.0.1"));
        assertTrue(list.isAllowed("/127.0.0.1"));
        assertTrue(list.isAllowed("::1"));
        assertTrue(list.isAllowed("0:0:0:0:0:0:0:1"));
        assertTrue(list.isAllowed("0:0:0:0:0:0:0:1%1"));
    }

    @Test
    void refusesEverythingElse() {
        assertFalse(list.isAllowed("127.0.0.2"));
        assertFalse(list.isAllowed("10.0.0.1"));
        assertFalse(list.isAllowed(null));
        assertFalse(list.isAllowed(""));
        assertFalse(list.isAllowed("localhost"));
    }

    @Test
    void rejectsNonAddressesAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new PlayAllowList(List.of("example.org"), new IngestMetrics()));
    }
}
