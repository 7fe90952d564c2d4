package org.streamgate.delivery.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.streamgate.delivery.http.ApiException;

/**
 * One upstream fetch of one segment, shared by every request for it that arrives while it runs. The body goes to a
 * temporary file next to its final place; readers follow the growing file as bytes land (streamed, not buffered)
 * and the file is renamed into the cache when complete.
 *
 * <p>Concurrency: the fetching thread is the only writer; state changes happen under {@link #lock} and wake the
 * readers waiting on {@link #changed}. {@link #abort()} may be called from the watchdog at any time.
 */
final class Download {

    enum State { PENDING, STREAMING, COMPLETE, FAILED }

    static final int BUFFER_BYTES = 64 * 1024;

    private final String key;
    private final Path target;
    private final Path temp;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.PENDING;
    private long length = -1;
    private Instant lastModified;
    private long written;
    private RuntimeException failure;
    private Path current;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile InputStream body;

    Download(String key, Path target) {
        this.key = key;
        this.target = target;
        this.temp = target.resolveSibling("." + target.getFileName() + "." + System.nanoTime() + ".part");
        this.current = temp;
    }

    String key() {
        return key;
    }

    /**
     * Copies the upstream body to the temporary file, renames it to {@code target}, runs {@code onStored} with the
     * size (the cache indexes the file there), and only then tells the readers it is complete.
     */
    void copy(Upstream.Response response, Instant fetchedAt, java.util.function.LongConsumer onStored) throws IOException {
        Files.createDirectories(temp.getParent());
        body = response.body();
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            lock.lock();
            try {
                length = response.length();
                lastModified = response.lastModified().orElse(fetchedAt);
                state = State.STREAMING;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            byte[] buffer = new byte[BUFFER_BYTES];
            int n;
            InputStream in = response.body();
            while ((n = in.read(buffer)) >= 0) {
                ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
                lastProgressNanos = System.nanoTime();
                lock.lock();
                try {
                    written += n;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
        if (length >= 0 && written != length) {
            throw new IOException("upstream sent " + written + " of " + length + " bytes");
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        lock.lock();
        try {
            current = target;
        } finally {
            lock.unlock();
        }
        onStored.accept(written);
        lock.lock();
        try {
            length = written;
            state = State.COMPLETE;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void fail(RuntimeException reason) {
        lock.lock();
        try {
            if (state == State.COMPLETE) {
                return;
            }
            failure = reason;
            state = State.FAILED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // the startup scan removes leftovers
        }
    }

    /** Closes the upstream body so a stalled read fails; the fetching thread then fails the download. */
    void abort() {
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // already broken
            }
        }
    }

    boolean stalledLongerThan(Duration timeout) {
        return System.nanoTime() - lastProgressNanos > timeout.toNanos();
    }

    /** Waits for the response headers. @throws ApiException the failure (404, 502) */
    void awaitStarted(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (state == State.PENDING) {
                if (nanos <= 0) {
                    throw new ApiException(502, "upstream_timeout", "upstream did not answer in time");
                }
                nanos = changed.awaitNanos(nanos);
            }
            if (state == State.FAILED) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    long length() {
        lock.lock();
        try {
            return length;
        } finally {
            lock.unlock();
        }
    }

    Instant lastModified() {
        lock.lock();
        try {
            return lastModified;
        } finally {
            lock.unlock();
        }
    }

    /** Where the file ends up once complete. */
    Path target() {
        return target;
    }

    Path currentFile() {
        lock.lock();
        try {
            return current;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a byte at {@code position} is on disk or the download ended.
     *
     * @return how many bytes are on disk (more than {@code position}), or -1 when complete and nothing is left
     * @throws IOException when the download failed or made no progress within {@code timeout}
     */
    long awaitBytes(long position, Duration timeout) throws IOException, InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (written <= position) {
                if (state == State.COMPLETE) {
                    return -1;
                }
                if (state == State.FAILED) {
                    throw new IOException("upstream download failed: " + failure.getMessage());
                }
                if (nanos <= 0) {
                    throw new IOException("upstream download stalled");
                }
                nanos = changed.awaitNanos(nanos);
            }
            return written;
        } finally {
            lock.unlock();
        }
    }

}
