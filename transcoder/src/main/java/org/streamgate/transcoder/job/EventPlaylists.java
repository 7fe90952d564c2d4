package org.streamgate.transcoder.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.streamgate.transcoder.ffmpeg.FfmpegCommand;
import org.streamgate.transcoder.ffmpeg.StreamInfo;
import org.streamgate.transcoder.hls.CodecProbe;
import org.streamgate.transcoder.hls.MasterPlaylist;
import org.streamgate.transcoder.hls.RenditionPlaylist;
import org.streamgate.transcoder.hls.Segment;
import org.streamgate.transcoder.profile.ProfilePlan;
import org.streamgate.transcoder.profile.Rendition;

/**
 * One event's output: a public media playlist per rendition, each continued across FFmpeg runs, and the master
 * playlist, written once every rendition has its first segment (DESIGN §3.8 output layout). Together they make
 * the "one event = one VOD" of DESIGN §2 however many runs fed them.
 *
 * <p>Concurrency: mutated by the job's supervisor thread only; {@link #renditionNames()} and
 * {@link #minSegmentCount()} are also read by snapshots, which tolerate a count that is one poll old.
 */
final class EventPlaylists {

    private static final System.Logger LOG = System.getLogger(EventPlaylists.class.getName());
    /** MPEG-TS packetisation overhead added to a copied rendition's measured bitrate for {@code BANDWIDTH}. */
    static final double TS_OVERHEAD = 1.1;

    private final String eventId;
    private final Path eventDir;
    private final ProfilePlan plan;
    private final List<RenditionPlaylist> playlists;
    private boolean masterWritten;

    private EventPlaylists(String eventId, Path eventDir, ProfilePlan plan, List<RenditionPlaylist> playlists) {
        this.eventId = eventId;
        this.eventDir = eventDir;
        this.plan = plan;
        this.playlists = playlists;
    }

    /** Opens (or resumes, after a transcoder restart) one playlist per rendition of {@code plan}. */
    static EventPlaylists open(String eventId, Path eventDir, ProfilePlan plan, int segmentSeconds, Clock clock,
                               boolean live) throws IOException {
        List<RenditionPlaylist> list = new ArrayList<>();
        for (Rendition r : plan.renditions()) {
            RenditionPlaylist pl = new RenditionPlaylist(eventDir.resolve(r.name()), segmentSeconds, clock, live);
            int resumed = pl.resume();
            if (resumed > 0) {
                LOG.log(System.Logger.Level.INFO, eventId + " continuing " + r.name() + " after " + resumed
                        + " existing segments");
            }
            list.add(pl);
        }
        return new EventPlaylists(eventId, eventDir, plan, List.copyOf(list));
    }

    ProfilePlan plan() {
        return plan;
    }

    List<String> renditionNames() {
        return plan.renditions().stream().map(Rendition::name).toList();
    }

    /** The number the next run's first segment gets, so numbers keep increasing across runs. */
    long nextSegmentNumber() throws IOException {
        long next = 0;
        for (RenditionPlaylist pl : playlists) {
            next = Math.max(next, pl.nextSegmentNumber());
        }
        return next;
    }

    /** Points every rendition at the private playlists run {@code runNo} will write under {@code workDir}. */
    void beginRun(Path workDir, int runNo) {
        for (RenditionPlaylist pl : playlists) {
            pl.beginRun(FfmpegCommand.runPlaylist(workDir, runNo, pl.dir().getFileName().toString()));
        }
    }

    /** @return whether any rendition listed a new segment */
    boolean poll() throws IOException {
        boolean any = false;
        for (RenditionPlaylist pl : playlists) {
            if (!pl.poll().isEmpty()) {
                any = true;
            }
        }
        return any;
    }

    /** Takes what the ended run left and marks the join. @return whether that added a segment */
    boolean endRun() throws IOException {
        boolean any = false;
        for (RenditionPlaylist pl : playlists) {
            if (!pl.endRun().isEmpty()) {
                any = true;
            }
        }
        return any;
    }

    /** Closes every playlist for good ({@code EXT-X-ENDLIST}): the VOD. */
    void finish() throws IOException {
        for (RenditionPlaylist pl : playlists) {
            pl.finish();
        }
    }

    /** abr is only playable once every rendition has a segment. */
    boolean everyRenditionHasSegment() {
        return playlists.stream().allMatch(pl -> pl.segmentCount() > 0);
    }

    int totalSegments() {
        return playlists.stream().mapToInt(RenditionPlaylist::segmentCount).sum();
    }

    int minSegmentCount() {
        return playlists.stream().mapToInt(RenditionPlaylist::segmentCount).min().orElse(0);
    }

    /** Writes {@code master.m3u8} the first time it is called; {@code info} describes the source as last seen. */
    void writeMasterOnce(StreamInfo info) throws IOException {
        if (masterWritten) {
            return;
        }
        List<MasterPlaylist.Variant> variants = new ArrayList<>();
        for (int i = 0; i < plan.renditions().size(); i++) {
            variants.add(variant(plan.renditions().get(i), playlists.get(i), info));
        }
        MasterPlaylist.write(eventDir, variants);
        masterWritten = true;
        LOG.log(System.Logger.Level.INFO, eventId + " master playlist written with " + variants.size()
                + " rendition(s)");
    }

    /**
     * A copied rendition's bandwidth and codecs are measured from its first segment (nothing else knows them); an
     * encoded rendition's come from the ladder.
     */
    private MasterPlaylist.Variant variant(Rendition r, RenditionPlaylist rp, StreamInfo info) throws IOException {
        String uri = r.name() + "/" + RenditionPlaylist.INDEX;
        if (!r.isCopy()) {
            long bandwidth = Math.round((r.maxrateKbps() + (plan.audio() ? r.audioKbps() : 0)) * 1000 * TS_OVERHEAD);
            String resolution = r.widthFor(plan.source().width(), plan.source().height()) + "x" + r.height();
            String codecs = "avc1.640029" + (plan.audio() ? ",mp4a.40.2" : "");
            return new MasterPlaylist.Variant(uri, bandwidth, Optional.of(resolution), Optional.of(codecs));
        }
        Optional<Segment> first = rp.first();
        long bandwidth = 1_000_000;
        Optional<String> codecs = Optional.empty();
        if (first.isPresent()) {
            Path file = rp.dir().resolve(first.get().uri());
            double seconds = Math.max(0.5, first.get().durationSeconds());
            bandwidth = Math.max(1, Math.round(Files.size(file) * 8 / seconds * TS_OVERHEAD));
            Optional<String> video = CodecProbe.avcCodecTag(file);
            Optional<String> audio = info.audioCodecTag();
            if (video.isPresent()) {
                codecs = Optional.of(audio.map(a -> video.get() + "," + a).orElse(video.get()));
            }
        }
        return new MasterPlaylist.Variant(uri, bandwidth, info.resolution(), codecs);
    }
}
