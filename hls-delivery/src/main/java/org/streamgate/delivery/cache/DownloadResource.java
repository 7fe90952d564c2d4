package org.streamgate.delivery.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.streamgate.delivery.origin.StreamResource;

/** A segment still arriving from upstream: reads follow the growing file, waiting for bytes as they land. */
final class DownloadResource implements StreamResource {

    private final Download download;
    private final Duration stallTimeout;
    private final long length;
    private final Instant lastModified;

    DownloadResource(Download download, Duration stallTimeout) {
        this.download = download;
        this.stallTimeout = stallTimeout;
        this.length = download.length();
        this.lastModified = download.lastModified();
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public Instant lastModified() {
        return lastModified;
    }

    @Override
    public String etag() {
        return length >= 0 ? StreamResource.etag(length, lastModified)
                : "\"u-" + Long.toHexString(lastModified.toEpochMilli()) + "-" + Integer.toHexString(download.key().hashCode()) + "\"";
    }

    @Override
    public void writeTo(OutputStream out, long offset, long count) throws IOException {
        try (FileChannel channel = openChannel()) {
            long end = count < 0 ? Long.MAX_VALUE : offset + count;
            long position = offset;
            ByteBuffer buffer = ByteBuffer.allocate(Download.BUFFER_BYTES);
            while (position < end) {
                long available = download.awaitBytes(position, stallTimeout);
                if (available < 0) {
                    break;
                }
                long limit = Math.min(available, end);
                while (position < limit) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), limit - position));
                    int read = channel.read(buffer, position);
                    if (read < 0) {
                        throw new IOException("cached file shorter than written");
                    }
                    out.write(buffer.array(), 0, read);
                    position += read;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while streaming a download", e);
        }
    }

    @Override
    public byte[] readAll() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTo(out, 0, -1);
        return out.toByteArray();
    }

    /**
     * The temporary file is renamed (atomically) when the download completes; a reader arriving at that instant
     * finds it under its final name.
     */
    private FileChannel openChannel() throws IOException {
        try {
            return FileChannel.open(download.currentFile(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return FileChannel.open(download.target(), StandardOpenOption.READ);
        }
    }
}
