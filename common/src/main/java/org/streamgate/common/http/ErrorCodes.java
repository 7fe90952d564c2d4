package org.streamgate.common.http;

import io.helidon.http.Status;
import java.util.Locale;

/**
 * The {@code error} code of an error body (DESIGN §3: {@code {"error":"<snake_case_code>",...}}) for a status
 * Helidon raised on its own, where no handler of ours chose a code: its reason phrase in snake case
 * ({@code 400 Bad Request} → {@code bad_request}), the same in every service.
 */
public final class ErrorCodes {

    private ErrorCodes() {
    }

    public static String of(Status status) {
        return status.reasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
