package org.streamgate.common.production;

import java.util.Locale;
import java.util.Map;

/**
 * {@code STREAMGATE_ENV}: how strictly a service treats its configuration. Every service reads it the same way, so
 * a value that one service would take for production is never development to another.
 */
public enum DeploymentMode {
    /** The default: generated dev secrets, embedded database and human-readable logs are fine. */
    DEVELOPMENT,
    /** Explicit strong secrets only, no embedded database, JSON log lines. */
    PRODUCTION;

    public static final String KEY = "STREAMGATE_ENV";

    /**
     * Reads {@link #KEY}; unset or blank is development.
     *
     * @throws IllegalArgumentException naming the key when the value is anything but {@code production} or
     *                                  {@code development} (a typo must not silently relax production checks)
     */
    public static DeploymentMode from(Map<String, String> env) {
        String raw = env.get(KEY);
        if (raw == null || raw.isBlank()) {
            return DEVELOPMENT;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "production" -> PRODUCTION;
            case "development" -> DEVELOPMENT;
            default -> throw new IllegalArgumentException(KEY + " must be production or development, got '" + raw.trim() + "'");
        };
    }

    /**
     * For choosing the log format before the configuration is read, so that even its errors come out in the
     * production format: a bad value counts as development here, and the configuration then reports it.
     */
    public static boolean declaredProduction(Map<String, String> env) {
        try {
            return from(env).isProduction();
        } catch (IllegalArgumentException reportedByTheConfiguration) {
            return false;
        }
    }

    public boolean isProduction() {
        return this == PRODUCTION;
    }
}
