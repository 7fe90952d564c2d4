package org.streamgate.transcoder.hls;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The public {@code <rendition>/index.m3u8} of one rendition, stitched from the private playlists of successive
 * FFmpeg runs. Whatever happens (crash, restart, publisher reconnect, transcoder restart) the same playlist
 * continues: segments are only ever appended, the media sequence stays 0 (nothing slides out, so nothing a player
 * saw listed disappears), segment names never repeat (each run starts at {@link #nextSegmentNumber()}), and the
 * first segment of every run after the first carries {@code EXT-X-DISCONTINUITY}.
 *
 * <p>Program date-time. For a live input each segment is stamped with when it was completed (its file's last
 * write, which FFmpeg does when the next segment's keyframe arrives; the time it was first seen when that looks
 * wrong) minus its duration: the wall clock at which its first frame reached the transcoder. FFmpeg's own stamps
 * count from when its HLS muxer started, after probing the input, which is neither when the first frame was
 * captured nor when it arrived (and with a GOP replayed by the ingest, the first frames are older still). For
 * a file input FFmpeg's stamps are kept.
 *
 * <p>Concurrency: mutated only by the owning job's supervisor thread; {@link #segmentCount()} may be read by
 * any thread.
 */
public final class RenditionPlaylist {

    public static final String INDEX = "index.m3u8";
    /** A segment file written longer ago than this when first seen is stamped with the time it was seen. */
    static final Duration MAX_WRITE_AGE = Duration.ofSeconds(60);
    /** Clock skew allowed between the file system's timestamps and {@code clock}. */
    static final Duration MAX_WRITE_SKEW = Duration.ofSeconds(1);

    private final Path dir;
    private final int segmentSeconds;
    private final Clock clock;
    private final boolean stampOnArrival;
    private final List<Segment> segments = new ArrayList<>();
    private volatile int segmentCount;
    private int targetDuration;
    private Path runPlaylist;
    private int runListed;
    private boolean runNeedsDiscontinuity;
    private FileTime runStamp;
    private long runSize = -1;
    private boolean finished;

    /** A playlist that keeps FFmpeg's program date-times (file inputs). */
    public RenditionPlaylist(Path dir, int segmentSeconds) {
        this(dir, segmentSeconds, Clock.systemUTC(), false);
    }

    /**
     * @param stampOnArrival stamp each segment with when it was completed minus its duration (live inputs),
     *                       instead of keeping FFmpeg's program date-time
     */
    public RenditionPlaylist(Path dir, int segmentSeconds, Clock clock, boolean stampOnArrival) {
        this.dir = dir;
        this.segmentSeconds = segmentSeconds;
        this.clock = clock;
        this.stampOnArrival = stampOnArrival;
        this.targetDuration = segmentSeconds;
    }

    public Path dir() {
        return dir;
    }

    public Path index() {
        return dir.resolve(INDEX);
    }

    /**
     * Continues an existing {@code index.m3u8} (left by an earlier job for the same event): its segments that
     * still exist on disk are kept, and ENDLIST is dropped until this job finishes.
     *
     * @return how many segments were taken over
     */
    public int resume() throws IOException {
        Files.createDirectories(dir);
        Path index = index();
        if (!Files.exists(index)) {
            return 0;
        }
        MediaPlaylist existing;
        try {
            existing = MediaPlaylist.parse(Files.readString(index));
        } catch (PlaylistFormatException e) {
            throw new IOException("cannot resume " + index + ": " + e.getMessage(), e);
        }
        for (Segment s : existing.segments()) {
            if (Files.isRegularFile(dir.resolve(s.uri()))) {
                segments.add(s);
            }
        }
        segmentCount = segments.size();
        targetDuration = Math.max(targetDuration, existing.targetDuration());
        return segments.size();
    }

    /** One past the highest segment number listed or present on disk, so a new run never overwrites a name. */
    public long nextSegmentNumber() throws IOException {
        long max = -1;
        for (Segment s : segments) {
            max = Math.max(max, s.number());
        }
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".tmp")) {
                        name = name.substring(0, name.length() - 4);
                    }
                    max = Math.max(max, SegmentNames.number(name));
                }
            }
        }
        return max + 1;
    }

    /** The next FFmpeg run writes its private playlist to {@code runPlaylist}. */
    public void beginRun(Path runPlaylist) {
        if (finished) {
            throw new IllegalStateException("playlist " + index() + " is finished");
        }
        this.runPlaylist = runPlaylist;
        this.runListed = 0;
        this.runStamp = null;
        this.runSize = -1;
        this.runNeedsDiscontinuity = !segments.isEmpty();
    }

    /**
     * Takes the segments the current run has completed since the last poll and rewrites {@code index.m3u8}
     * atomically when there are any. Cheap when nothing changed (one stat call).
     *
     * @return the newly listed segments
     */
    public List<Segment> poll() throws IOException {
        if (runPlaylist == null) {
            return List.of();
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(runPlaylist, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        FileTime stamp = attrs.lastModifiedTime();
        if (stamp.equals(runStamp) && attrs.size() == runSize) {
            return List.of();
        }
        MediaPlaylist run;
        try {
            run = MediaPlaylist.parse(Files.readString(runPlaylist));
        } catch (NoSuchFileException | PlaylistFormatException e) {
            return List.of(); // replaced between stat and read, or caught mid-write: next poll
        }
        List<Segment> added = new ArrayList<>();
        List<Segment> listed = run.segments();
        for (int i = runListed; i < listed.size(); i++) {
            Segment s = listed.get(i);
            String name = fileName(s.uri());
            if (SegmentNames.number(name) < 0 || !Files.isRegularFile(dir.resolve(name))) {
                break; // not there yet (or not ours): try again on the next poll
            }
            Segment normalised = stamped(s.withUri(name).withDiscontinuity(runNeedsDiscontinuity), dir.resolve(name));
            runNeedsDiscontinuity = false;
            added.add(normalised);
            runListed = i + 1;
        }
        // a listed segment not on disk yet: look again next time even if the run playlist does not change
        runStamp = runListed < listed.size() ? null : stamp;
        runSize = attrs.size();
        if (!added.isEmpty()) {
            segments.addAll(added);
            segmentCount = segments.size();
            write(false);
        }
        return added;
    }

    /** Takes the run's last segments; the next {@link #beginRun} starts a new discontinuity. */
    public List<Segment> endRun() throws IOException {
        runStamp = null;
        List<Segment> last = poll();
        runPlaylist = null;
        return last;
    }

    /** Writes the final VOD playlist ({@code EXT-X-PLAYLIST-TYPE:VOD}, {@code EXT-X-ENDLIST}). */
    public void finish() throws IOException {
        if (runPlaylist != null) {
            endRun();
        }
        finished = true;
        write(true);
    }

    public int segmentCount() {
        return segmentCount;
    }

    public List<Segment> segments() {
        return List.copyOf(segments);
    }

    public Optional<Segment> first() {
        return segments.isEmpty() ? Optional.empty() : Optional.of(segments.get(0));
    }

    private Segment stamped(Segment s, Path file) {
        if (!stampOnArrival) {
            return s;
        }
        Instant seen = clock.instant();
        Instant completed = seen;
        try {
            Instant written = Files.getLastModifiedTime(file).toInstant();
            if (!written.isBefore(seen.minus(MAX_WRITE_AGE)) && !written.isAfter(seen.plus(MAX_WRITE_SKEW))) {
                completed = written.isAfter(seen) ? seen : written;
            }
        } catch (IOException e) {
            // gone again (an event purge): the time it was seen will do
        }
        long micros = Math.round(s.durationSeconds() * 1_000_000);
        return s.withProgramDateTime(completed.minus(micros, ChronoUnit.MICROS));
    }

    private void write(boolean end) throws IOException {
        targetDuration = Math.max(targetDuration, MediaPlaylist.targetDurationFor(segments, segmentSeconds));
        AtomicFiles.write(index(), new MediaPlaylist(targetDuration, 0, segments, end).render());
    }

    private static String fileName(String uri) {
        String u = uri;
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q);
        }
        int slash = u.lastIndexOf('/');
        return slash >= 0 ? u.substring(slash + 1) : u;
    }
}
