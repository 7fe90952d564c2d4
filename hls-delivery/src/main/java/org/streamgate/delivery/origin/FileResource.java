package org.streamgate.delivery.origin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/** A complete file on disk, opened once; reads use large buffers. */
public final class FileResource implements StreamResource {

    /** Copy buffer: large enough that a 600 KB segment takes a handful of writes. */
    static final int BUFFER_BYTES = 128 * 1024;
    /** Playlists larger than this are refused rather than read into memory. */
    static final int MAX_PLAYLIST_BYTES = 16 * 1024 * 1024;

    private final FileChannel channel;
    private final long length;
    private final Instant lastModified;

    private FileResource(FileChannel channel, long length, Instant lastModified) {
        this.channel = channel;
        this.length = length;
        this.lastModified = lastModified;
    }

    public static FileResource open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileResource(channel, channel.size(), attrs.lastModifiedTime().toInstant());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
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
        return StreamResource.etag(length, lastModified);
    }

    @Override
    public void writeTo(OutputStream out, long offset, long count) throws IOException {
        long remaining = count < 0 ? length - offset : count;
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER_BYTES, Math.max(remaining, 1)));
        long position = offset;
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new IOException("file shrank while being sent");
            }
            out.write(buffer.array(), 0, read);
            position += read;
            remaining -= read;
        }
    }

    @Override
    public byte[] readAll() throws IOException {
        if (length > MAX_PLAYLIST_BYTES) {
            throw new IOException("playlist too large: " + length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                break;
            }
        }
        return buffer.position() == buffer.capacity() ? buffer.array() : java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
