package org.streamgate.transcoder.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stitching FFmpeg runs into one playlist, with run playlists and segment files faked on disk. */
class RenditionPlaylistTest {

    @TempDir
    Path tmp;

    private final Instant t0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void restartsContinueTheSamePlaylistWithADiscontinuityAndFreshNames() throws IOException {
        Path dir = tmp.resolve("ev/source");
        Path work = tmp.resolve("work");
        Files.createDirectories(work);
        RenditionPlaylist pl = new RenditionPlaylist(dir, 2);
        pl.resume();
        assertEquals(0, pl.nextSegmentNumber());

        pl.beginRun(work.resolve("run-1.m3u8"));
        writeRun(work.resolve("run-1.m3u8"), dir, 0, 2, t0);
        assertEquals(2, pl.poll().size());
        MediaPlaylist first = HlsChecker.checkMedia(pl.index(), null);
        assertEquals(List.of(), HlsChecker.discontinuities(first));

        writeRun(work.resolve("run-1.m3u8"), dir, 0, 3, t0);
        Files.writeString(dir.resolve("3.ts"), "partial"); // killed mid-segment: on disk, never listed
        assertEquals(1, pl.endRun().size());
        assertEquals(4, pl.nextSegmentNumber(), "a partial file's name is not reused either");

        pl.beginRun(work.resolve("run-2.m3u8"));
        assertEquals(0, pl.poll().size(), "no run playlist yet");
        writeRun(work.resolve("run-2.m3u8"), dir, 4, 2, t0.plusSeconds(10));
        pl.poll();
        MediaPlaylist second = HlsChecker.checkMedia(pl.index(), first);
        assertEquals(List.of("0.ts", "1.ts", "2.ts", "4.ts", "5.ts"), second.segments().stream().map(Segment::uri).toList());
        assertEquals(List.of(3), HlsChecker.discontinuities(second));
        assertEquals(0, second.mediaSequence());
        assertTrue(!second.endList());

        pl.finish();
        MediaPlaylist vod = HlsChecker.checkMedia(pl.index(), second);
        assertTrue(vod.endList());
        assertTrue(Files.readString(pl.index()).contains("#EXT-X-PLAYLIST-TYPE:VOD"));
    }

    @Test
    void aSegmentListedBeforeItsFileExistsWaitsForTheNextPoll() throws IOException {
        Path dir = tmp.resolve("ev/source");
        Path run = tmp.resolve("run-1.m3u8");
        RenditionPlaylist pl = new RenditionPlaylist(dir, 2);
        pl.resume();
        pl.beginRun(run);
        writeRun(run, dir, 0, 2, t0);
        Files.delete(dir.resolve("1.ts"));
        assertEquals(1, pl.poll().size());
        Files.writeString(dir.resolve("1.ts"), "x");
        assertEquals(1, pl.poll().size(), "same run playlist, but the missing file appeared");
    }

    @Test
    void aNewJobResumesAnEndedPlaylistAndDropsEndList() throws IOException {
        Path dir = tmp.resolve("ev/source");
        RenditionPlaylist pl = new RenditionPlaylist(dir, 2);
        pl.resume();
        pl.beginRun(tmp.resolve("a.m3u8"));
        writeRun(tmp.resolve("a.m3u8"), dir, 0, 3, t0);
        pl.finish();

        RenditionPlaylist again = new RenditionPlaylist(dir, 2);
        assertEquals(3, again.resume());
        assertEquals(3, again.nextSegmentNumber());
        again.beginRun(tmp.resolve("b.m3u8"));
        writeRun(tmp.resolve("b.m3u8"), dir, 3, 1, t0.plusSeconds(60));
        again.poll();
        MediaPlaylist p = HlsChecker.checkMedia(again.index(), null);
        assertEquals(4, p.segments().size());
        assertEquals(List.of(3), HlsChecker.discontinuities(p));
        assertTrue(!p.endList());
    }

    @Test
    void liveSegmentsAreStampedWithWhenTheirFileWasCompletedMinusTheirDuration() throws IOException {
        Path dir = tmp.resolve("ev/source");
        Path run = tmp.resolve("run-1.m3u8");
        Instant now = Instant.parse("2026-01-01T10:00:07.250Z");
        RenditionPlaylist pl = new RenditionPlaylist(dir, 2, Clock.fixed(now, ZoneOffset.UTC), true);
        pl.resume();
        pl.beginRun(run);
        // FFmpeg stamps from its muxer start (t0), seconds away from when the frames really arrived
        writeRun(run, dir, 0, 2, t0);
        Files.setLastModifiedTime(dir.resolve("0.ts"), FileTime.from(now.minusMillis(2_080)));
        Files.setLastModifiedTime(dir.resolve("1.ts"), FileTime.from(now.minusMillis(75)));
        List<Segment> added = pl.poll();

        assertEquals(Instant.parse("2026-01-01T10:00:03.170Z"), added.get(0).programDateTime().orElseThrow());
        assertEquals(Instant.parse("2026-01-01T10:00:05.175Z"), added.get(1).programDateTime().orElseThrow());
        assertTrue(Files.readString(pl.index()).contains("#EXT-X-PROGRAM-DATE-TIME:2026-01-01T10:00:05.175Z\n"));
    }

    @Test
    void aLiveSegmentWhoseFileTimeMakesNoSenseIsStampedWithWhenItWasSeen() throws IOException {
        Path dir = tmp.resolve("ev/source");
        Path run = tmp.resolve("run-1.m3u8");
        Instant now = Instant.parse("2026-01-01T10:00:07.250Z");
        RenditionPlaylist pl = new RenditionPlaylist(dir, 2, Clock.fixed(now, ZoneOffset.UTC), true);
        pl.resume();
        pl.beginRun(run);
        writeRun(run, dir, 0, 2, t0);
        Files.setLastModifiedTime(dir.resolve("0.ts"), FileTime.from(now.minusSeconds(3600))); // restored backup
        Files.setLastModifiedTime(dir.resolve("1.ts"), FileTime.from(now.plusSeconds(30)));    // clock skew
        List<Segment> added = pl.poll();

        assertEquals(now.minusSeconds(2), added.get(0).programDateTime().orElseThrow());
        assertEquals(now.minusSeconds(2), added.get(1).programDateTime().orElseThrow());
    }

    @Test
    void fileInputsKeepFfmpegsProgramDateTime() throws IOException {
        Path dir = tmp.resolve("ev/source");
        Path run = tmp.resolve("run-1.m3u8");
        RenditionPlaylist pl = new RenditionPlaylist(dir, 2);
        pl.resume();
        pl.beginRun(run);
        writeRun(run, dir, 0, 2, t0);
        List<Segment> added = pl.poll();
        assertEquals(t0, added.get(0).programDateTime().orElseThrow());
        assertEquals(t0.plusSeconds(2), added.get(1).programDateTime().orElseThrow());
    }

    /** What FFmpeg would have written after {@code count} segments starting at {@code start}. */
    static void writeRun(Path runPlaylist, Path dir, int start, int count, Instant at) throws IOException {
        Files.createDirectories(dir);
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:"
                + start + "\n");
        for (int i = 0; i < count; i++) {
            int n = start + i;
            b.append("#EXTINF:2.000000,\n#EXT-X-PROGRAM-DATE-TIME:")
                    .append(at.plusSeconds(2L * i).toString().replace("Z", "+0000")).append('\n')
                    .append(n).append(".ts\n");
            if (!Files.exists(dir.resolve(n + ".ts")) || Files.size(dir.resolve(n + ".ts")) < 2) {
                Files.writeString(dir.resolve(n + ".ts"), "segment " + n);
            }
        }
        AtomicFiles.write(runPlaylist, b.toString());
        // make sure a rewrite within the same timestamp granularity is still seen as a change
        Files.setLastModifiedTime(runPlaylist, FileTime.fromMillis(System.currentTimeMillis() + count));
    }
}
