package org.streamgate.transcoder.job;

import java.util.regex.Pattern;

/** Event ids become directory names, so only a strict alphabet is accepted (UUIDs fit). */
public final class EventIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private EventIds() {
    }

    public static boolean isValid(String eventId) {
        return eventId != null && VALID.matcher(eventId).matches();
    }

    /** @throws IllegalArgumentException naming the field */
    public static String require(String eventId) {
        if (!isValid(eventId)) {
            throw new IllegalArgumentException("field eventId must match " + VALID.pattern());
        }
        return eventId;
    }
}
