package org.streamgate.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.helidon.http.Status;
import org.junit.jupiter.api.Test;

class ErrorCodesTest {

    @Test
    void reasonPhrasesBecomeSnakeCaseCodes() {
        assertEquals("bad_request", ErrorCodes.of(Status.BAD_REQUEST_400));
        assertEquals("not_found", ErrorCodes.of(Status.NOT_FOUND_404));
        assertEquals("request_uri_too_long", ErrorCodes.of(Status.REQUEST_URI_TOO_LONG_414));
        assertEquals("http_version_not_supported", ErrorCodes.of(Status.HTTP_VERSION_NOT_SUPPORTED_505));
    }
}
