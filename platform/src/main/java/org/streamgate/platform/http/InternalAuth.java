package org.streamgate.platform.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import org.streamgate.common.internalapi.InternalApiKey;

/** Guards internal routes: the key in {@code X-Internal-Api-Key} (or {@code ?key=}), compared in constant time. */
public final class InternalAuth {

    private static final io.helidon.http.HeaderName HEADER = HeaderNames.create(InternalApiKey.HEADER);

    private final InternalApiKey key;

    public InternalAuth(InternalApiKey key) {
        this.key = key;
    }

    /** @throws ApiException 403 {@code forbidden} */
    public void require(ServerRequest req) {
        String presented = req.headers().first(HEADER).orElseGet(() -> req.query().first(InternalApiKey.QUERY_PARAM).orElse(null));
        if (!key.matches(presented)) {
            throw ApiException.forbidden("missing or wrong internal API key");
        }
    }
}
