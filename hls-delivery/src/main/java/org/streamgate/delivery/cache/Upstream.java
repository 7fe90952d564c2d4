package org.streamgate.delivery.cache;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import org.streamgate.delivery.http.ApiException;
import org.streamgate.delivery.token.PresentedToken;

/**
 * What the cache needs from an upstream origin; declared here, where it is used.
 *
 * <p>Every fetch is made on behalf of the viewer request that started it (the caches share one fetch among many
 * requests, so it is the first requester's token). Whether that token goes upstream is the implementation's choice:
 * {@link org.streamgate.delivery.origin.UpstreamClient} forwards it only with {@code UPSTREAM_FORWARD_TOKEN=true}.
 */
public interface Upstream {

    /** An answered request: status, and for 200 the length (-1 unknown), the modification time and the body. */
    record Response(int status, long length, Optional<Instant> lastModified, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }

        /** 401 or 403: the origin refused this node's request, whatever the file. */
        public boolean refused() {
            return status == 401 || status == 403;
        }
    }

    /**
     * @param key       the path below the origin root, e.g. {@code ev1/720p/0.ts}, already validated
     * @param requester the token that admitted the request starting this fetch (already verified by this node)
     * @throws IOException when the origin cannot be reached or does not answer within the timeout
     */
    Response get(String key, PresentedToken requester) throws IOException, InterruptedException;

    /**
     * What a viewer is told when the origin refused the upstream request. Not a 403: this node has already admitted
     * the viewer, and the refused fetch may have carried another viewer's token (one fetch serves many requests); a
     * 403 would stop a player for good, while a 502 is retried by players and by a balancer's
     * {@code proxy_next_upstream}. A viewer who really is revoked gets this node's own 403 as soon as its revocation
     * feed has the change. Never cached: the next request starts a fresh fetch with its own token.
     */
    static ApiException refusal(int status) {
        return new ApiException(502, "upstream_refused", "the origin refused the request (" + status + ")");
    }
}
