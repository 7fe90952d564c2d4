package org.streamgate.platform.code;

import java.util.Locale;

/** Derived status of an access code; precedence revoked > expired > in use > redeemed > unused (DESIGN §3.1). */
public enum CodeStatus {
    REVOKED, EXPIRED, IN_USE, REDEEMED, UNUSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything not listed */
    public static CodeStatus fromWire(String value) {
        for (CodeStatus s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status: " + value);
    }
}
