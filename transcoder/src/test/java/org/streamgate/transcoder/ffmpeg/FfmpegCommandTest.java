package org.streamgate.transcoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.streamgate.transcoder.profile.ProfilePlan;

class FfmpegCommandTest {

    private static final FfmpegBinary BIN = new FfmpegBinary(Path.of("/usr/bin/ffmpeg"), 5, "test");
    private static final Path EVENT = Path.of("/srv/streams/ev1");
    private static final Path WORK = Path.of("/srv/streams/.transcoder/ev1");

    private static List<String> args(String input, ProfilePlan plan, int startNumber) {
        return FfmpegCommand.arguments(new FfmpegCommand.Settings(BIN, new InputSource(input), plan, EVENT, WORK,
                3, startNumber, 2, 0, 0));
    }

    private static String after(List<String> args, String flag) {
        int i = args.indexOf(flag);
        assertTrue(i >= 0 && i + 1 < args.size(), "missing " + flag + " in " + args);
        return args.get(i + 1);
    }

    @Test
    void copyFromRtmpRemuxesIntoNumberedSegmentsWithProgramDateTime() {
        List<String> a = args("rtmp://127.0.0.1:1935/live/secretkey", ProfilePlan.copy(), 42);
        assertEquals("live", after(a, "-rtmp_live"));
        assertTrue(a.indexOf("-rtmp_live") < a.indexOf("-i"), "input options come before -i");
        assertEquals("rtmp://127.0.0.1:1935/live/secretkey", after(a, "-i"));
        assertEquals("copy", after(a, "-c"));
        assertEquals("pipe:1", after(a, "-progress"));
        assertEquals("hls", after(a, "-f"));
        assertEquals("2", after(a, "-hls_time"));
        assertEquals("0", after(a, "-hls_list_size"));
        assertTrue(after(a, "-hls_flags").contains("program_date_time"));
        assertEquals("42", after(a, "-start_number"));
        assertEquals("/srv/streams/ev1/source/%d.ts", after(a, "-hls_segment_filename"));
        assertEquals("/srv/streams/.transcoder/ev1/run-3-source.m3u8", a.get(a.size() - 1));
        assertFalse(a.contains("-var_stream_map"));
        assertTrue(a.contains("-nostdin"));
    }

    @Test
    void fileInputsHaveNoLiveOptions() {
        List<String> a = args("/data/uploads/lecture.mp4", ProfilePlan.copy(), 0);
        assertFalse(a.contains("-rtmp_live"));
        assertFalse(a.contains("-rw_timeout"));
        assertFalse(a.contains("-re"));
    }

    @Test
    void abrLadderSplitsScalesAndMapsEveryRenditionWithAlignedKeyframes() {
        StreamInfo src = new StreamInfo("h264", "High", 1280, 720, 30, "aac", "LC", 0);
        ProfilePlan plan = ProfilePlan.abr(ProfilePlan.DEFAULT_LADDER, src);
        List<String> a = args("rtmp://h/live/k", plan, 0);
        assertEquals("[0:v:0]split=3[s0][s1][s2];[s0]scale=-2:720,format=yuv420p[v0];"
                + "[s1]scale=-2:480,format=yuv420p[v1];[s2]scale=-2:360,format=yuv420p[v2]", after(a, "-filter_complex"));
        assertEquals("v:0,a:0,name:720p v:1,a:1,name:480p v:2,a:2,name:360p", after(a, "-var_stream_map"));
        assertEquals("libx264", after(a, "-c:v"));
        assertEquals("0", after(a, "-sc_threshold"));
        assertEquals("60", after(a, "-g"));
        assertEquals("expr:gte(t,n_forced*2)", after(a, "-force_key_frames"));
        assertEquals("2800k", after(a, "-b:v:0"));
        assertEquals("aac", after(a, "-c:a"));
        assertEquals(3, Collections.frequency(a, "0:a:0"));
        assertEquals("/srv/streams/ev1/%v/%d.ts", after(a, "-hls_segment_filename"));
        assertEquals("/srv/streams/.transcoder/ev1/run-3-%v.m3u8", a.get(a.size() - 1));
    }

    @Test
    void abrWithoutAudioMapsNoAudio() {
        StreamInfo src = new StreamInfo("h264", "High", 640, 360, 0, "", "", 0);
        ProfilePlan plan = ProfilePlan.abr(ProfilePlan.DEFAULT_LADDER, src);
        List<String> a = args("/x.mp4", plan, 0);
        assertEquals("v:0,name:360p", after(a, "-var_stream_map"));
        assertFalse(a.contains("-c:a"));
        assertFalse(a.contains("0:a:0"));
        assertFalse(a.contains("-g"), "unknown frame rate: keyframes only forced by time");
    }

    @Test
    void threadsAreLimitedWhenConfigured() {
        List<String> a = FfmpegCommand.arguments(new FfmpegCommand.Settings(BIN, new InputSource("/x.mp4"),
                ProfilePlan.copy(), EVENT, WORK, 1, 0, 2, 2, 0));
        assertEquals("2", after(a, "-threads"));
    }

    @Test
    void niceWrapsTheBinaryWhenConfigured() {
        var cmd = FfmpegCommand.commandLine(new FfmpegCommand.Settings(BIN, new InputSource("/x.mp4"),
                ProfilePlan.copy(), EVENT, WORK, 1, 0, 2, 0, 10));
        if (java.nio.file.Files.isExecutable(FfmpegCommand.NICE)) {
            assertEquals("/usr/bin/nice", cmd.getExecutable());
            assertEquals(List.of("-n", "10", "/usr/bin/ffmpeg", "-hide_banner"), List.of(cmd.getArguments()).subList(0, 4));
        }
        var plain = FfmpegCommand.commandLine(new FfmpegCommand.Settings(BIN, new InputSource("/x.mp4"),
                ProfilePlan.copy(), EVENT, WORK, 1, 0, 2, 0, 0));
        assertEquals("/usr/bin/ffmpeg", plain.getExecutable());
    }
}
