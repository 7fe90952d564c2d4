package org.streamgate.delivery.cache;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/** What the cache needs from an upstream origin; declared here, where it is used. */
public interface Upstream {

    /** An answered request: status, and for 200 the length (-1 unknown), the modification time and the body. */
    record Response(int status, long length, Optional<Instant> lastModified, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * @param key the path below the origin root, e.g. {@code ev1/720p/0.ts}, already validated
     * @throws IOException when the origin cannot be reached or does not answer within the timeout
     */
    Response get(String key) throws IOException, InterruptedException;
}
