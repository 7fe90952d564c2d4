package org.streamgate.delivery.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * What is about to be sent, and the HTTP rules around it: conditional requests ({@code If-None-Match},
 * {@code If-Modified-Since} → 304), {@code Range} ({@code If-Range}, 206, 416), {@code HEAD}, and the validators
 * and caching headers.
 *
 * @param contentType  media type
 * @param cacheControl {@code Cache-Control} value
 * @param etag         quoted strong validator
 * @param lastModified modification time
 * @param length       body length, or -1 when unknown (then no ranges and chunked transfer)
 * @param body         writes a slice of the body
 */
public record Representation(String contentType, String cacheControl, String etag, Instant lastModified, long length,
                             Body body) {

    /** Writes {@code count} bytes (-1: all) from {@code offset}. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out, long offset, long count) throws IOException;
    }

    /**
     * A body already in memory: a playlist, or a file from the hot-file cache. Up to {@link #SINGLE_SEND_BYTES} it is
     * handed to Helidon in one {@code send}, which copies headers and body into one buffer and writes it in a single
     * socket write. A larger one goes through the output stream in two writes: Helidon copies the first write into a
     * buffer together with the headers, but passes later writes to the socket straight from our array, so the first
     * write is kept to {@link #HEAD_BYTES} and the rest follows in one piece without another copy.
     */
    public record InMemory(byte[] bytes) implements Body {

        /** Bodies up to this size are sent together with the headers. */
        static final int SINGLE_SEND_BYTES = 64 * 1024;
        /**
         * The first write of a larger body. Helidon copies it, with the headers, into a buffer it grows by doubling
         * (plus a temporary array of the same size), so it is small; 4 KB is Helidon's stream buffer, so it is not
         * copied there as well. A 16 KB first write was ~80 KB of garbage per segment request; a 512-byte one (held in
         * Helidon's stream buffer until the rest follows) stalled connections under load far more often
         * (docs/PERFORMANCE.md, hls-delivery round 3).
         */
        public static final int HEAD_BYTES = 4 * 1024;

        @Override
        public void writeTo(OutputStream out, long offset, long count) throws IOException {
            int from = (int) offset;
            int length = (int) (count < 0 ? bytes.length - offset : count);
            int head = Math.min(length, HEAD_BYTES);
            out.write(bytes, from, head);
            if (length > head) {
                out.write(bytes, from + head, length - head);
            }
        }

        byte[] slice(long offset, long count) {
            return offset == 0 && count == bytes.length ? bytes
                    : Arrays.copyOfRange(bytes, (int) offset, (int) (offset + count));
        }
    }

    /** @return body bytes sent */
    public long send(ServerRequest req, ServerResponse res) throws IOException {
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.header(HeaderNames.CACHE_CONTROL, cacheControl);
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.LAST_MODIFIED, HttpDates.format(lastModified));
        if (length >= 0) {
            res.header(HeaderNames.ACCEPT_RANGES, "bytes");
        }
        if (notModified(req)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return 0;
        }
        Optional<ByteRange> range = Optional.empty();
        if (length >= 0 && rangeApplies(req)) {
            try {
                range = ByteRange.parse(req.headers().first(HeaderNames.RANGE).orElse(null), length);
            } catch (ByteRange.Unsatisfiable e) {
                res.header(HeaderNames.CONTENT_RANGE, "bytes */" + length);
                throw new ApiException(416, "range_not_satisfiable", "range lies outside the file");
            }
        }
        long offset = range.map(ByteRange::first).orElse(0L);
        long count = range.map(ByteRange::count).orElse(length);
        if (range.isPresent()) {
            res.status(Status.PARTIAL_CONTENT_206);
            res.header(HeaderNames.CONTENT_RANGE, range.get().contentRange(length));
        }
        if (count >= 0) {
            res.contentLength(count);
        }
        if (req.prologue().method() == Method.HEAD) {
            res.send();
            return 0;
        }
        if (body instanceof InMemory memory && count <= InMemory.SINGLE_SEND_BYTES) {
            res.send(memory.slice(offset, count));
            return count;
        }
        try (OutputStream out = res.outputStream()) {
            body.writeTo(out, offset, count);
        }
        return count;
    }

    private boolean notModified(ServerRequest req) {
        Optional<String> ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent()) {
            for (String candidate : ifNoneMatch.get().split(",")) {
                String c = candidate.strip();
                if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }
        return req.headers().first(HeaderNames.IF_MODIFIED_SINCE)
                .flatMap(HttpDates::parse)
                .map(since -> lastModified.getEpochSecond() <= since.getEpochSecond())
                .orElse(false);
    }

    private boolean rangeApplies(ServerRequest req) {
        Optional<String> ifRange = req.headers().first(HeaderNames.IF_RANGE);
        if (ifRange.isEmpty()) {
            return true;
        }
        String v = ifRange.get().strip();
        if (v.startsWith("\"")) {
            return v.equals(etag);
        }
        return HttpDates.parse(v).map(d -> d.getEpochSecond() == lastModified.getEpochSecond()).orElse(false);
    }
}
