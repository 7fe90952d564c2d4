package org.streamgate.platform.event;

import java.util.UUID;
import org.streamgate.platform.http.ApiException;

/** Path ids: anything that is not a UUID is simply not found. */
public final class Ids {

    private Ids() {
    }

    public static UUID parse(String text, String what) {
        try {
            if (text == null || text.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(what);
        }
    }
}
