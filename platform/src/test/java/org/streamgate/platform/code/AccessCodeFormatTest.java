package org.streamgate.platform.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessCodeFormatTest {

    private final AccessCodeFormat format = new AccessCodeFormat(new SecureRandom());

    @Test
    void alphabetIsCrockfordBase32() {
        assertEquals(32, AccessCodeFormat.ALPHABET.length());
        assertEquals(32, AccessCodeFormat.ALPHABET.chars().distinct().count());
        for (char c : "ILOU".toCharArray()) {
            assertTrue(AccessCodeFormat.ALPHABET.indexOf(c) < 0, "alphabet must not contain " + c);
        }
    }

    @Test
    void generatedCodesHaveTwelveAlphabetCharacters() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = format.generate();
            assertEquals(12, code.length());
            assertTrue(code.chars().allMatch(c -> AccessCodeFormat.ALPHABET.indexOf(c) >= 0), code);
            assertTrue(seen.add(code), "duplicate " + code);
        }
    }

    @Test
    void displayGroupsInFours() {
        assertEquals("ABCD-EFGH-JKMN", AccessCodeFormat.display("ABCDEFGHJKMN"));
    }

    @Test
    void inputIsTolerant() {
        assertEquals(Optional.of("ABCDEFGH1100"), AccessCodeFormat.normalise("abcd-efgh-ILoO"));
        assertEquals(Optional.of("ABCDEFGH1100"), AccessCodeFormat.normalise("  ab cd ef gh il oo "));
        assertEquals(Optional.of("ABCDEFGH1100"), AccessCodeFormat.normalise("ABCD--EFGH--1100"));
        assertEquals(Optional.of("0123456789AB"), AccessCodeFormat.normalise("o123-4567-89ab"));
    }

    @Test
    void nonCodesAreRejected() {
        assertEquals(Optional.empty(), AccessCodeFormat.normalise(null));
        assertEquals(Optional.empty(), AccessCodeFormat.normalise(""));
        assertEquals(Optional.empty(), AccessCodeFormat.normalise("ABCD-EFGH-JKM"));      // 11
        assertEquals(Optional.empty(), AccessCodeFormat.normalise("ABCD-EFGH-JKMNP"));    // 13
        assertEquals(Optional.empty(), AccessCodeFormat.normalise("ABCD-EFGH-JKMU"));     // U is not in the alphabet
        assertEquals(Optional.empty(), AccessCodeFormat.normalise("ABCD_EFGH_JKMN"));
        assertEquals(Optional.empty(), AccessCodeFormat.normalise("ABCDEFGHJKMN'; DROP"));
    }

    /** Chi-square over every symbol in every position: a modulo bias would show up as a huge statistic. */
    @Test
    void symbolsAreUniformlyDistributed() {
        int samples = 40_000;
        long[][] counts = new long[AccessCodeFormat.LENGTH][32];
        for (int i = 0; i < samples; i++) {
            String code = format.generate();
            for (int p = 0; p < code.length(); p++) {
                counts[p][AccessCodeFormat.ALPHABET.indexOf(code.charAt(p))]++;
            }
        }
        double expected = samples / 32.0;
        for (int p = 0; p < AccessCodeFormat.LENGTH; p++) {
            double chi = 0;
            for (int s = 0; s < 32; s++) {
                double d = counts[p][s] - expected;
                chi += d * d / expected;
            }
            // 31 degrees of freedom: p = 0.0001 at about 70
            assertTrue(chi < 70, "position " + p + " chi-square " + chi);
        }
    }
}
