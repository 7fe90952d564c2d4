package org.streamgate.delivery.http;

import java.util.Optional;

/**
 * One satisfiable byte range of a representation of known length (RFC 9110 §14). Only single ranges are honoured;
 * a multi-range or malformed header is ignored (the whole file is sent, which the RFC allows).
 *
 * @param first first byte, inclusive
 * @param last  last byte, inclusive
 */
public record ByteRange(long first, long last) {

    /** Thrown for a well-formed range that lies wholly past the end: answer 416. */
    public static final class Unsatisfiable extends Exception {
        public Unsatisfiable() {
            super("range not satisfiable", null, false, false);
        }
    }

    /**
     * @param header the {@code Range} header, or {@code null}
     * @param length the representation's length
     * @return empty when the whole representation should be sent
     */
    public static Optional<ByteRange> parse(String header, long length) throws Unsatisfiable {
        if (header == null || length < 0) {
            return Optional.empty();
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        String spec = h.substring(6).strip();
        if (spec.isEmpty() || spec.indexOf(',') >= 0) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        try {
            if (a.isEmpty()) {
                long suffix = parseDigits(b);
                if (suffix == 0) {
                    throw new Unsatisfiable();
                }
                if (length == 0) {
                    throw new Unsatisfiable();
                }
                return Optional.of(new ByteRange(Math.max(0, length - suffix), length - 1));
            }
            long first = parseDigits(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : parseDigits(b);
            if (last < first) {
                return Optional.empty();
            }
            if (first >= length) {
                throw new Unsatisfiable();
            }
            return Optional.of(new ByteRange(first, Math.min(last, length - 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public long count() {
        return last - first + 1;
    }

    public String contentRange(long length) {
        return "bytes " + first + "-" + last + "/" + length;
    }

    private static long parseDigits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            throw new NumberFormatException("not a byte position");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new NumberFormatException("not a byte position");
            }
        }
        return Long.parseLong(s);
    }
}
