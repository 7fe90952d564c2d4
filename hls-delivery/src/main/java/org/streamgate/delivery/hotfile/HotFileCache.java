package org.streamgate.delivery.hotfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.streamgate.delivery.origin.BytesResource;
import org.streamgate.delivery.origin.FileResource;
import org.streamgate.delivery.origin.StreamResource;

/**
 * The most recently served stream files, held in memory ({@code HOT_FILE_CACHE_MB}), so that the many viewers of one
 * event, who all fetch the same few newest segments and playlists, are served without opening and reading the file
 * each time (docs/PERFORMANCE.md, "hls-delivery").
 *
 * <p>Used for files under {@code STREAM_ROOT} ({@link HotFileOrigin}) and for segments complete in the proxy's disk cache
 * ({@link org.streamgate.delivery.cache.SegmentCache}), under one cap.
 *
 * <p>Freshness: every request still resolves and {@code lstat}s its file ({@link
 * org.streamgate.delivery.path.StreamFiles}, or {@link #open(Path)}); an entry is served only while size, modification time and file key
 * (inode) are all still those it was read with, so a rewritten, replaced or renamed-over file is read afresh. A
 * rewrite that keeps the size and falls within the same tick of the file system's clock would keep the modification
 * time, so a file is only taken in when it was last modified well before the read began ({@link #RACY_WINDOW}, or
 * {@link #COARSE_RACY_WINDOW} when the time has no fraction of a second, as on file systems that keep whole
 * seconds); younger files are streamed from disk as if the cache were off. The same check is applied after reading,
 * so a file changed while it was being read is not taken in either.
 *
 * <p>Size: entries larger than a sixteenth of the cap are never taken in; when the held bytes exceed the cap the
 * least recently served entries are dropped.
 *
 * <p>Concurrency: thread-safe. Hits read a {@link ConcurrentHashMap} and take no lock. One reader per path loads a
 * file; concurrent requests for the same path wait for that load (virtual threads park) instead of reading the file
 * again. Changes to the set of entries and to the byte count happen under {@code lock}, which is never held during
 * I/O.
 */
public final class HotFileCache {

    /** How much older than the read a file's modification time must be on file systems with fine timestamps. */
    static final Duration RACY_WINDOW = Duration.ofMillis(100);
    /** The same where modification times are whole seconds (or on the rare whole second elsewhere). */
    static final Duration COARSE_RACY_WINDOW = Duration.ofSeconds(2);
    /** Files larger than the cap divided by this are always streamed from disk. */
    static final int MAX_ENTRY_FRACTION = 16;

    private final long maxBytes;
    private final long maxEntryBytes;
    private final Clock clock;
    private final ConcurrentHashMap<Path, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Path, CompletableFuture<Entry>> loading = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong uses = new AtomicLong();
    private volatile long bytes;
    private final LongAdder hits = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder bypasses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    /** @param maxBytes the cap on the bytes held; 0 turns the cache off */
    public HotFileCache(long maxBytes, Clock clock) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.maxEntryBytes = maxBytes / MAX_ENTRY_FRACTION;
        this.clock = clock;
    }

    /**
     * {@code file} from memory when {@link #get} has it (or takes it in now), else opened on disk: the one way a
     * stream file is served through this cache, whether it lies under {@code STREAM_ROOT} or in the proxy's segment
     * cache.
     *
     * @param attributes the file's attributes, just read without following links
     * @throws java.nio.file.NoSuchFileException when the file went away since
     */
    public StreamResource open(Path file, BasicFileAttributes attributes) throws IOException {
        byte[] content = get(file, attributes);
        return content != null
                ? new BytesResource(content, attributes.lastModifiedTime().toInstant())
                : FileResource.open(file);
    }

    /** {@link #open(Path, BasicFileAttributes)} for a file whose attributes the caller has not read. */
    public StreamResource open(Path file) throws IOException {
        return open(file, Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * The content of {@code file}, whose attributes were just read, from memory (read and taken in first when
     * missing or outdated); {@code null} when it must be streamed from disk instead: too large, modified too recently,
     * changed while being read, or unreadable (the caller's own open then reports what is wrong).
     */
    public byte[] get(Path file, BasicFileAttributes attributes) {
        Snapshot snapshot = Snapshot.of(attributes);
        if (snapshot.size() > maxEntryBytes || tooRecent(snapshot)) {
            bypasses.increment();
            return null;
        }
        Entry entry = entries.get(file);
        if (entry != null && entry.snapshot.equals(snapshot)) {
            entry.touch();
            hits.increment();
            return entry.bytes;
        }
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = loading.putIfAbsent(file, mine);
        if (running != null) {
            Entry loaded = running.join();
            if (loaded != null && loaded.snapshot.equals(snapshot)) {
                hits.increment();
                return loaded.bytes;
            }
            bypasses.increment();
            return null;
        }
        Entry loaded = null;
        try {
            // a load that finished between our look-up and our claim installed its entry before releasing the claim
            Entry current = entries.get(file);
            if (current != null && current.snapshot.equals(snapshot)) {
                loaded = current;
                current.touch();
                hits.increment();
                return current.bytes;
            }
            byte[] content = read(file, snapshot);
            if (content != null) {
                loaded = new Entry(snapshot, content);
                install(file, loaded);
                loads.increment();
            } else {
                bypasses.increment();
            }
        } finally {
            loading.remove(file, mine);
            mine.complete(loaded);
        }
        return loaded == null ? null : loaded.bytes;
    }

    /** Requests served from memory (including those that waited for another request's read). */
    public long hits() {
        return hits.sum();
    }

    /** Files read and taken in. */
    public long loads() {
        return loads.sum();
    }

    /** Requests sent to disk: too large, too recently modified, or changed while being read. */
    public long bypasses() {
        return bypasses.sum();
    }

    public long evictions() {
        return evictions.sum();
    }

    public long bytes() {
        return bytes;
    }

    public int files() {
        return entries.size();
    }

    public long maxBytes() {
        return maxBytes;
    }

    private boolean tooRecent(Snapshot snapshot) {
        FileTime modified = snapshot.lastModified();
        Duration window = modified.toInstant().getNano() == 0 ? COARSE_RACY_WINDOW : RACY_WINDOW;
        return modified.toInstant().plus(window).isAfter(clock.instant());
    }

    /** The whole file, or {@code null} when it is no longer what {@code expected} describes. */
    private static byte[] read(Path file, Snapshot expected) {
        byte[] content = new byte[(int) expected.size()];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, buffer.position()) < 0) {
                    return null;
                }
            }
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return Snapshot.of(after).equals(expected) ? content : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private void install(Path file, Entry entry) {
        lock.lock();
        try {
            Entry previous = entries.put(file, entry);
            long held = bytes + entry.bytes.length - (previous == null ? 0 : previous.bytes.length);
            if (held > maxBytes) {
                // lastUsed keeps changing under hits: sort on a copy taken once
                List<Victim> byAge = new ArrayList<>();
                entries.forEach((path, e) -> byAge.add(new Victim(path, e, e.lastUsed)));
                byAge.sort(Comparator.comparingLong(Victim::lastUsed));
                for (Victim victim : byAge) {
                    if (held <= maxBytes) {
                        break;
                    }
                    if (victim.entry() != entry && entries.remove(victim.path(), victim.entry())) {
                        held -= victim.entry().bytes.length;
                        evictions.increment();
                    }
                }
            }
            bytes = held;
        } finally {
            lock.unlock();
        }
    }

    private record Victim(Path path, Entry entry, long lastUsed) {
    }

    /** What identifies one version of a file. */
    private record Snapshot(long size, FileTime lastModified, Object fileKey) {

        static Snapshot of(BasicFileAttributes attributes) {
            return new Snapshot(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
        }

    }

    /** One file's content; {@code lastUsed} orders entries for eviction (a tick of {@link #uses}, not a time). */
    private final class Entry {
        final Snapshot snapshot;
        final byte[] bytes;
        volatile long lastUsed = uses.incrementAndGet();

        Entry(Snapshot snapshot, byte[] bytes) {
            this.snapshot = snapshot;
            this.bytes = bytes;
        }

        void touch() {
            // the entry served last needs no new tick: spares the shared counter when one file is all the traffic
            if (lastUsed != uses.get()) {
                lastUsed = uses.incrementAndGet();
            }
        }
    }
}
