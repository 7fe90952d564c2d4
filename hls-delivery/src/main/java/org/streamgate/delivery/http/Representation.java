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
     * A body already in memory (a playlist). It is handed to Helidon in one {@code send}, which writes the headers
     * and the body in a single socket write, without the output stream and its buffer.
     */
    public record InMemory(byte[] bytes) implements Body {

        @Override
        public void writeTo(OutputStream out, long offset, long count) throws IOException {
            out.write(bytes, (int) offset, (int) (count < 0 ? bytes.length - offset : count));
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
        if (body instanceof InMemory memory) {
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
