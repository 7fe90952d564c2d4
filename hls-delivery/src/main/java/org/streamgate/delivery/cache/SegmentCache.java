package org.streamgate.delivery.cache;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.streamgate.delivery.http.ApiException;
import org.streamgate.delivery.origin.StreamResource;
import org.streamgate.delivery.token.PresentedToken;

/**
 * The on-disk segment cache of proxy and hybrid mode (DESIGN §3.4). Files live under the cache root at their full
 * stream path ({@code <eventId>/<rendition>/<n>.ts}), so renditions and events never collide. Bounded two ways:
 * by total size (least recently used files go first, down to {@value #EVICT_TO_PERCENT}% of the cap, so eviction
 * is not redone for every new file) and by age since download (an expired file is a miss and is deleted).
 *
 * <p>A miss starts one {@link Download}; requests arriving while it runs join it and stream the growing file. An
 * upstream 404 is retried briefly, because a live playlist may list a segment a moment before the origin has it.
 * The download is made on behalf of the request that started it (its token goes upstream when the origin is a
 * StreamGate node, {@code UPSTREAM_FORWARD_TOKEN}); joiners share its outcome. No failure is cached: a refused,
 * missing or broken download leaves nothing behind, and the next request starts a fresh one with its own token.
 *
 * <p>Concurrency: the index is a {@link ConcurrentHashMap}; in-flight downloads are registered with
 * {@code putIfAbsent}, so exactly one fetch runs per key; eviction runs under {@link #evictLock} (one at a time,
 * callers that find it busy skip). Deleting a file that a request still reads is safe on POSIX file systems.
 */
public final class SegmentCache implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SegmentCache.class.getName());
    static final int EVICT_TO_PERCENT = 90;
    static final int NOT_FOUND_RETRIES = 3;
    static final Duration NOT_FOUND_RETRY_DELAY = Duration.ofMillis(250);
    static final Duration WATCHDOG_INTERVAL = Duration.ofMillis(250);

    private static final class Entry {
        final Path file;
        final long size;
        final Instant created;
        volatile long lastAccessNanos;

        Entry(Path file, long size, Instant created, long lastAccessNanos) {
            this.file = file;
            this.size = size;
            this.created = created;
            this.lastAccessNanos = lastAccessNanos;
        }
    }

    private final Path root;
    private final long maxBytes;
    private final Duration maxAge;
    private final Duration timeout;
    private final Upstream upstream;
    private final CachedFileOpener cachedFiles;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Download> inflight = new ConcurrentHashMap<>();
    private final AtomicLong totalBytes = new AtomicLong();
    private final ReentrantLock evictLock = new ReentrantLock();
    private final AtomicBoolean running = new AtomicBoolean();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder joined = new LongAdder();
    private final LongAdder fetches = new LongAdder();
    private final LongAdder upstreamErrors = new LongAdder();
    private final LongAdder sizeEvictions = new LongAdder();
    private final LongAdder ageEvictions = new LongAdder();
    private volatile Thread watchdog;

    /**
     * How a file that is complete in the cache is opened for a request: from disk ({@code FileResource::open}), or
     * through the hot-file cache, so that the many viewers of an event's newest segments are served from memory.
     */
    @FunctionalInterface
    public interface CachedFileOpener {
        /** @throws java.nio.file.NoSuchFileException when the file is gone */
        StreamResource open(Path file) throws IOException;
    }

    /**
     * @param timeout     bounds the wait for upstream headers and any pause in the body
     * @param cachedFiles opens the files already complete in the cache
     */
    public SegmentCache(Path root, long maxBytes, Duration maxAge, Duration timeout, Upstream upstream,
                        CachedFileOpener cachedFiles, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
        this.timeout = timeout;
        this.upstream = upstream;
        this.cachedFiles = cachedFiles;
        this.clock = clock;
    }

    /** Indexes what a previous run left (deleting partial files), then starts the stall watchdog. */
    public void start() throws IOException {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Files.createDirectories(root);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                if (!attrs.isRegularFile()) {
                    continue;
                }
                if (file.getFileName().toString().startsWith(".")) {
                    Files.deleteIfExists(file);
                    continue;
                }
                String key = root.relativize(file).toString().replace('\\', '/');
                Entry e = new Entry(file, attrs.size(), attrs.lastModifiedTime().toInstant(), System.nanoTime());
                if (entries.putIfAbsent(key, e) == null) {
                    totalBytes.addAndGet(e.size);
                }
            }
        }
        LOG.log(Level.INFO, "segment cache at " + root + ": " + entries.size() + " files, " + totalBytes.get() + " bytes");
        evictExpired();
        evictToFit();
        watchdog = Thread.ofVirtual().name("segment-cache-watchdog").start(this::watchdogLoop);
    }

    /**
     * @param key       {@code <eventId>/<path>}, already validated by {@link org.streamgate.delivery.path.StreamPath}
     * @param requester the token that admitted this request; used if this request starts the download
     * @throws ApiException 404 when upstream has no such file, 502 when upstream fails or refuses
     */
    public StreamResource open(String key, PresentedToken requester) throws IOException {
        Entry cached = entries.get(key);
        if (cached != null) {
            if (expired(cached)) {
                remove(key, cached, ageEvictions);
            } else {
                try {
                    StreamResource resource = cachedFiles.open(cached.file);
                    cached.lastAccessNanos = System.nanoTime();
                    hits.increment();
                    return resource;
                } catch (NoSuchFileException e) {
                    remove(key, cached, null);
                }
            }
        }
        misses.increment();
        Download fresh = new Download(key, root.resolve(key));
        Download download = inflight.putIfAbsent(key, fresh);
        if (download == null) {
            Entry landed = entries.get(key);
            if (landed != null && !expired(landed)) {
                // another request's download completed between our lookup and our registration
                inflight.remove(key, fresh);
                try {
                    StreamResource resource = cachedFiles.open(landed.file);
                    landed.lastAccessNanos = System.nanoTime();
                    return resource;
                } catch (NoSuchFileException e) {
                    remove(key, landed, null);
                    return open(key, requester);
                }
            }
            download = fresh;
            fetches.increment();
            Download d = fresh;
            Thread.ofVirtual().name("segment-fetch").start(() -> fetch(d, requester));
        } else {
            joined.increment();
        }
        try {
            download.awaitStarted(timeout.plusSeconds(1).plus(NOT_FOUND_RETRY_DELAY.multipliedBy(NOT_FOUND_RETRIES)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for upstream", e);
        }
        return new DownloadResource(download, timeout);
    }

    private void fetch(Download download, PresentedToken requester) {
        try {
            Upstream.Response response = null;
            for (int attempt = 0; ; attempt++) {
                response = upstream.get(download.key(), requester);
                if (response.status() != 404 || attempt >= NOT_FOUND_RETRIES) {
                    break;
                }
                response.close();
                Thread.sleep(NOT_FOUND_RETRY_DELAY);
            }
            try (Upstream.Response r = response) {
                if (r.status() == 404) {
                    throw new ApiException(404, "not_found", "no such stream file");
                }
                if (r.refused()) {
                    throw Upstream.refusal(r.status());
                }
                if (r.status() != 200) {
                    throw new ApiException(502, "upstream_error", "upstream answered " + r.status());
                }
                Instant now = clock.instant();
                download.copy(r, now, size -> {
                    Entry entry = new Entry(root.resolve(download.key()), size, now, System.nanoTime());
                    Entry previous = entries.put(download.key(), entry);
                    totalBytes.addAndGet(size - (previous == null ? 0 : previous.size));
                    inflight.remove(download.key(), download);
                    evictToFit();
                });
            }
        } catch (ApiException e) {
            if (e.status() != 404) {
                upstreamErrors.increment();
            }
            fail(download, e);
        } catch (IOException e) {
            upstreamErrors.increment();
            LOG.log(Level.WARNING, download.key() + ": upstream fetch failed: " + e.getMessage());
            fail(download, new ApiException(502, "upstream_error", "upstream unavailable"));
        } catch (InterruptedException e) {
            fail(download, new ApiException(502, "upstream_error", "fetch interrupted"));
        } catch (RuntimeException e) {
            upstreamErrors.increment();
            LOG.log(Level.ERROR, download.key() + ": upstream fetch failed", e);
            fail(download, new ApiException(502, "upstream_error", "upstream fetch failed"));
        } finally {
            inflight.remove(download.key(), download);
        }
    }

    /**
     * Unregisters before waking the waiters: a request that retries as soon as it sees the failure must start a new
     * download, not join this failed one (no failure is cached).
     */
    private void fail(Download download, RuntimeException reason) {
        inflight.remove(download.key(), download);
        download.fail(reason);
    }

    private boolean expired(Entry e) {
        return clock.instant().isAfter(e.created.plus(maxAge));
    }

    private void remove(String key, Entry e, LongAdder reason) {
        if (entries.remove(key, e)) {
            totalBytes.addAndGet(-e.size);
            if (reason != null) {
                reason.increment();
            }
            try {
                Files.deleteIfExists(e.file);
            } catch (IOException ex) {
                LOG.log(Level.WARNING, key + ": could not delete cached file: " + ex.getMessage());
            }
        }
    }

    /** Deletes files older than the age cap; the housekeeper calls this. */
    public void evictExpired() {
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (expired(e.getValue())) {
                remove(e.getKey(), e.getValue(), ageEvictions);
            }
        }
    }

    /** When over the size cap, deletes least recently used files until under {@value #EVICT_TO_PERCENT}% of it. */
    public void evictToFit() {
        if (totalBytes.get() <= maxBytes || !evictLock.tryLock()) {
            return;
        }
        try {
            long target = maxBytes / 100 * EVICT_TO_PERCENT;
            List<Map.Entry<String, Entry>> byAge = new ArrayList<>(entries.entrySet());
            byAge.sort(Comparator.comparingLong(e -> e.getValue().lastAccessNanos));
            for (Map.Entry<String, Entry> e : byAge) {
                if (totalBytes.get() <= target) {
                    break;
                }
                remove(e.getKey(), e.getValue(), sizeEvictions);
            }
        } finally {
            evictLock.unlock();
        }
    }

    private void watchdogLoop() {
        while (running.get()) {
            for (Download d : inflight.values()) {
                if (d.stalledLongerThan(timeout)) {
                    LOG.log(Level.WARNING, d.key() + ": upstream stalled for " + timeout.toMillis() + " ms, aborting");
                    d.abort();
                }
            }
            try {
                Thread.sleep(WATCHDOG_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** Misses that joined a download already running instead of starting one. */
    public long joined() {
        return joined.sum();
    }

    public long fetches() {
        return fetches.sum();
    }

    public long upstreamErrors() {
        return upstreamErrors.sum();
    }

    public long sizeEvictions() {
        return sizeEvictions.sum();
    }

    public long ageEvictions() {
        return ageEvictions.sum();
    }

    public long bytes() {
        return totalBytes.get();
    }

    public int files() {
        return entries.size();
    }

    @Override
    public void close() {
        running.set(false);
        Thread t = watchdog;
        if (t != null) {
            t.interrupt();
        }
        inflight.values().forEach(Download::abort);
    }

}
