package org.streamgate.transcoder.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import org.streamgate.common.internalapi.InternalApiKey;

/** Every route except {@code /health} and {@code /metrics} needs {@code X-Internal-Api-Key} (DESIGN §3.8). */
public final class InternalKeyFilter implements Filter {

    private final InternalApiKey key;

    public InternalKeyFilter(InternalApiKey key) {
        this.key = key;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (path.equals("/health") || path.equals("/metrics")) {
            chain.proceed();
            return;
        }
        String presented = req.headers().first(io.helidon.http.HeaderNames.create(InternalApiKey.HEADER)).orElse(null);
        if (!key.matches(presented)) {
            ErrorHandlers.write(res, Status.UNAUTHORIZED_401, "unauthorized",
                    "missing or wrong " + InternalApiKey.HEADER + " header");
            return;
        }
        chain.proceed();
    }
}
