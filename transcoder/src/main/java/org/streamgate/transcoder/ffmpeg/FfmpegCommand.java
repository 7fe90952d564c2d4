package org.streamgate.transcoder.ffmpeg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.exec.CommandLine;
import org.streamgate.transcoder.profile.ProfilePlan;
import org.streamgate.transcoder.profile.Rendition;

/**
 * Builds the FFmpeg argument list of one run from typed settings. Only the input URL comes from outside, and it
 * was checked by {@link InputSource}. Flags are limited to what FFmpeg 4.4 (the bundled binary) and 5.x share.
 *
 * <p>Output: segments {@code <eventDir>/<rendition>/<n>.ts} numbered from {@code startNumber}, and one private
 * run playlist per rendition in {@code workDir}, which the job stitches into the public {@code index.m3u8}.
 */
public final class FfmpegCommand {

    /** A live input that stops answering for this long makes FFmpeg give up (it is then restarted). */
    static final long NETWORK_RW_TIMEOUT_MICROS = 10_000_000L;
    /**
     * Live inputs are probed for at most 1 s of media (FFmpeg's default is 5 s, which would delay the first
     * segment by as much on a real-time source).
     */
    static final long LIVE_ANALYZE_MICROS = 1_000_000L;
    static final String X264_PRESET = "veryfast";
    static final String X264_LEVEL = "4.1";
    static final int AUDIO_SAMPLE_RATE = 48_000;
    /** {@code nice} execs FFmpeg, so the PID we see is FFmpeg's. */
    static final Path NICE = Path.of("/usr/bin/nice");

    private FfmpegCommand() {
    }

    /**
     * @param binary         the ffmpeg to run
     * @param input          where to read
     * @param plan           renditions and profile
     * @param eventDir       {@code STREAM_ROOT/<eventId>}; rendition folders must exist
     * @param workDir        private folder for run playlists; must exist
     * @param runNumber      1, 2, ... for the run playlists' names
     * @param startNumber    first segment number of this run (never reuses a name)
     * @param segmentSeconds HLS segment length
     * @param threads        {@code -threads} for encoders; 0 = FFmpeg decides
     * @param nice           run under {@code nice -n <nice>} when above 0 (and {@code nice} exists)
     */
    public record Settings(FfmpegBinary binary, InputSource input, ProfilePlan plan, Path eventDir, Path workDir,
                           int runNumber, int startNumber, int segmentSeconds, int threads, int nice) {
        public Settings {
            Objects.requireNonNull(binary, "binary");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(eventDir, "eventDir");
            Objects.requireNonNull(workDir, "workDir");
            if (runNumber < 1 || startNumber < 0 || segmentSeconds < 1 || threads < 0 || nice < 0 || nice > 19) {
                throw new IllegalArgumentException("bad run settings: run " + runNumber + ", start " + startNumber
                        + ", segment " + segmentSeconds + " s, threads " + threads);
            }
        }
    }

    /** Where the run writes its private playlist for {@code rendition}. */
    public static Path runPlaylist(Path workDir, int runNumber, String rendition) {
        return workDir.resolve("run-" + runNumber + "-" + rendition + ".m3u8");
    }

    public static List<String> arguments(Settings s) {
        List<String> a = new ArrayList<>();
        add(a, "-hide_banner", "-nostdin", "-y", "-loglevel", "info", "-nostats", "-progress", "pipe:1");
        switch (s.input().kind()) {
            case RTMP -> add(a, "-rtmp_live", "live", "-rw_timeout", Long.toString(NETWORK_RW_TIMEOUT_MICROS),
                    "-analyzeduration", Long.toString(LIVE_ANALYZE_MICROS));
            case NETWORK -> add(a, "-rw_timeout", Long.toString(NETWORK_RW_TIMEOUT_MICROS),
                    "-analyzeduration", Long.toString(LIVE_ANALYZE_MICROS));
            case FILE -> {
                // read as fast as possible
            }
        }
        add(a, "-i", s.input().ffmpegInput());

        ProfilePlan plan = s.plan();
        boolean copy = plan.renditions().size() == 1 && plan.renditions().get(0).isCopy();
        if (copy) {
            add(a, "-map", "0:v:0?", "-map", "0:a:0?", "-c", "copy");
        } else {
            abrEncoding(a, s);
        }
        if (s.threads() > 0) {
            add(a, "-threads", Integer.toString(s.threads()));
        }

        add(a, "-f", "hls",
                "-hls_time", Integer.toString(s.segmentSeconds()),
                "-hls_list_size", "0",
                "-hls_segment_type", "mpegts",
                "-hls_flags", "program_date_time+temp_file",
                "-start_number", Integer.toString(s.startNumber()));
        if (copy) {
            String name = plan.renditions().get(0).name();
            add(a, "-hls_segment_filename", s.eventDir().resolve(name).resolve("%d.ts").toString(),
                    runPlaylist(s.workDir(), s.runNumber(), name).toString());
        } else {
            add(a, "-var_stream_map", varStreamMap(plan),
                    "-hls_segment_filename", s.eventDir().resolve("%v").resolve("%d.ts").toString(),
                    runPlaylist(s.workDir(), s.runNumber(), "%v").toString());
        }
        return List.copyOf(a);
    }

    public static CommandLine commandLine(Settings s) {
        CommandLine cmd;
        if (s.nice() > 0 && java.nio.file.Files.isExecutable(NICE)) {
            cmd = new CommandLine(NICE.toString());
            cmd.addArgument("-n", false);
            cmd.addArgument(Integer.toString(s.nice()), false);
            cmd.addArgument(s.binary().path().toString(), false);
        } else {
            cmd = new CommandLine(s.binary().path().toString());
        }
        for (String arg : arguments(s)) {
            cmd.addArgument(arg, false);
        }
        return cmd;
    }

    private static void abrEncoding(List<String> a, Settings s) {
        ProfilePlan plan = s.plan();
        List<Rendition> rs = plan.renditions();
        int n = rs.size();
        StringBuilder graph = new StringBuilder("[0:v:0]");
        if (n > 1) {
            graph.append("split=").append(n);
            for (int i = 0; i < n; i++) {
                graph.append("[s").append(i).append(']');
            }
            graph.append(';');
        }
        for (int i = 0; i < n; i++) {
            if (n > 1) {
                graph.append("[s").append(i).append(']');
            }
            graph.append("scale=-2:").append(rs.get(i).height()).append(",format=yuv420p[v").append(i).append(']');
            if (i < n - 1) {
                graph.append(';');
            }
        }
        add(a, "-filter_complex", graph.toString());
        for (int i = 0; i < n; i++) {
            add(a, "-map", "[v" + i + "]");
            if (plan.audio()) {
                add(a, "-map", "0:a:0");
            }
        }
        add(a, "-c:v", "libx264", "-preset", X264_PRESET, "-profile:v", "high", "-level:v", X264_LEVEL,
                "-sc_threshold", "0",
                "-force_key_frames", "expr:gte(t,n_forced*" + s.segmentSeconds() + ")");
        double fps = plan.source().fps();
        if (fps > 0 && fps <= 120) {
            String gop = Long.toString(Math.max(1, Math.round(fps * s.segmentSeconds())));
            add(a, "-g", gop, "-keyint_min", gop);
        }
        for (int i = 0; i < n; i++) {
            Rendition r = rs.get(i);
            add(a, "-b:v:" + i, r.videoKbps() + "k",
                    "-maxrate:v:" + i, r.maxrateKbps() + "k",
                    "-bufsize:v:" + i, (2 * r.maxrateKbps()) + "k");
        }
        if (plan.audio()) {
            add(a, "-c:a", "aac", "-ac", "2", "-ar", Integer.toString(AUDIO_SAMPLE_RATE));
            for (int i = 0; i < n; i++) {
                add(a, "-b:a:" + i, rs.get(i).audioKbps() + "k");
            }
        }
    }

    static String varStreamMap(ProfilePlan plan) {
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < plan.renditions().size(); i++) {
            if (i > 0) {
                m.append(' ');
            }
            m.append("v:").append(i);
            if (plan.audio()) {
                m.append(",a:").append(i);
            }
            m.append(",name:").append(plan.renditions().get(i).name());
        }
        return m.toString();
    }

    private static void add(List<String> list, String... args) {
        list.addAll(List.of(args));
    }
}
