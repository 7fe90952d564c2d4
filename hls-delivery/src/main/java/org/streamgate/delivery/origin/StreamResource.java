package org.streamgate.delivery.origin;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/** One file ready to send. Closing releases whatever it holds open. */
public interface StreamResource extends Closeable {

    /** Size in bytes, or -1 while an upstream download of unknown length is still running. */
    long length();

    Instant lastModified();

    /** A strong validator, quoted, e.g. {@code "5a3-18c0f2b1a40"}. */
    String etag();

    /** Copies {@code count} bytes starting at {@code offset} ({@code count} -1: to the end). */
    void writeTo(OutputStream out, long offset, long count) throws IOException;

    /** The whole content; only for playlists, which are small. */
    byte[] readAll() throws IOException;

    @Override
    default void close() throws IOException {
    }

    static String etag(long length, Instant lastModified) {
        return "\"" + Long.toHexString(length) + "-" + Long.toHexString(lastModified.toEpochMilli()) + "\"";
    }
}
