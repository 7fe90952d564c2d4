package org.streamgate.delivery.origin;

import java.io.OutputStream;
import java.io.IOException;
import java.time.Instant;

/** A small file held in memory (a proxied playlist). */
public record BytesResource(byte[] bytes, Instant lastModified) implements StreamResource {

    @Override
    public long length() {
        return bytes.length;
    }

    @Override
    public String etag() {
        return StreamResource.etag(bytes.length, lastModified);
    }

    @Override
    public void writeTo(OutputStream out, long offset, long count) throws IOException {
        out.write(bytes, (int) offset, (int) (count < 0 ? bytes.length - offset : count));
    }

    @Override
    public byte[] readAll() {
        return bytes;
    }
}
