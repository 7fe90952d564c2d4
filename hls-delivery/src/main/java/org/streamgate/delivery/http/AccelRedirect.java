package org.streamgate.delivery.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.streamgate.delivery.path.StreamFiles;
import org.streamgate.delivery.path.StreamPath;

/**
 * Hands segment files to the nginx in front ({@code ACCEL_REDIRECT_PREFIX}): instead of copying every byte through
 * user space, hls-delivery answers an admitted segment request with an empty body and
 * {@code X-Accel-Redirect: <prefix><eventId>/<path>}, and nginx sends the file from its {@code internal} location
 * with {@code sendfile}, handling {@code Range}, {@code HEAD} and conditional requests itself (ops/nginx/streamgate.conf).
 *
 * <p>Only segments: playlists need the token rewrite and no-cache for live. Only files that {@link StreamFiles} finds
 * inside their event folder (symlinks resolved): the header is built from that resolved path, relative to the stream
 * root, never from the request. A segment not on disk goes to the origin as before ({@code local}: 404,
 * {@code hybrid}: the upstream, served by Java).
 *
 * <p>Concurrency: immutable apart from the {@link LongAdder} counter; thread-safe.
 */
public final class AccelRedirect {

    public static final String HEADER = "X-Accel-Redirect";

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final String prefix;
    private final StreamFiles files;
    private final LongAdder offloaded = new LongAdder();

    /** @param prefix a validated nginx location prefix, starting and ending with {@code /} */
    public AccelRedirect(String prefix, StreamFiles files) {
        if (!prefix.startsWith("/") || !prefix.endsWith("/") || prefix.contains("..")) {
            throw new IllegalArgumentException("bad X-Accel-Redirect prefix: " + prefix);
        }
        this.prefix = prefix;
        this.files = files;
    }

    /**
     * The header value for an admitted request, or empty when nginx cannot serve it: a playlist, or a file that is
     * not a regular file inside its event folder under the stream root.
     */
    public Optional<String> target(StreamPath path) {
        if (path.kind().isPlaylist()) {
            return Optional.empty();
        }
        return files.resolveFile(path).map(file -> prefix + encode(files.root().relativize(file.path())));
    }

    /** Counts one response that nginx completes. */
    void offloaded() {
        offloaded.increment();
    }

    /** Responses handed to nginx so far. */
    public long offloadedCount() {
        return offloaded.sum();
    }

    /** Each name of {@code relative} percent-encoded (RFC 3986 unreserved characters kept), joined by {@code /}. */
    static String encode(Path relative) {
        StringBuilder out = new StringBuilder();
        for (Path name : relative) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            for (byte b : name.toString().getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '.' || c == '_' || c == '~';
                if (unreserved) {
                    out.append((char) c);
                } else {
                    out.append('%').append((char) HEX[c >> 4]).append((char) HEX[c & 0xf]);
                }
            }
        }
        return out.toString();
    }
}
