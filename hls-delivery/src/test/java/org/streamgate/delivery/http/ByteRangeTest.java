package org.streamgate.delivery.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void parsesTheThreeForms() throws Exception {
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(Optional.of(new ByteRange(900, 999)), ByteRange.parse("bytes=900-", 1000));
        assertEquals(Optional.of(new ByteRange(990, 999)), ByteRange.parse("bytes=-10", 1000));
        assertEquals(Optional.of(new ByteRange(0, 999)), ByteRange.parse("bytes=-5000", 1000));
        assertEquals(Optional.of(new ByteRange(500, 999)), ByteRange.parse("bytes=500-5000", 1000));
        assertEquals("bytes 0-99/1000", new ByteRange(0, 99).contentRange(1000));
    }

    @Test
    void ignoresWhatItDoesNotUnderstand() throws Exception {
        for (String h : new String[] {null, "items=0-1", "bytes=0-1,5-6", "bytes=abc", "bytes=5-1", "bytes=", "bytes=--1",
                "bytes=99999999999999999999-"}) {
            assertTrue(ByteRange.parse(h, 1000).isEmpty(), String.valueOf(h));
        }
    }

    @Test
    void unsatisfiable() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=0-", 0));
    }
}
