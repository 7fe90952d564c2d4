package org.streamgate.ingest.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class KeyFingerprintTest {

    @Test
    void isAShortStableSha256PrefixThatDoesNotContainTheKey() {
        String fp = KeyFingerprint.of("my-secret-key");
        assertEquals(fp, KeyFingerprint.of("my-secret-key"));
        assertEquals("key#".length() + 8, fp.length());
        assertFalse(fp.contains("secret"));
        assertNotEquals(fp, KeyFingerprint.of("my-secret-key2"));
        // sha256("abc") = ba7816bf...
        assertEquals("key#ba7816bf", KeyFingerprint.of("abc"));
    }
}
