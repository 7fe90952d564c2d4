package org.streamgate.transcoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamInfoParserTest {

    @Test
    void readsTheInputSectionOfFfmpeg5() {
        String err = """
                Input #0, flv, from 'rtmp://127.0.0.1:1935/live/****':
                  Metadata:
                    encoder         : obs-output module (libobs version 30.0.0)
                  Duration: 00:00:00.00, start: 0.000000, bitrate: 3200 kb/s
                  Stream #0:0: Audio: aac (LC), 48000 Hz, stereo, fltp, 160 kb/s
                  Stream #0:1: Video: h264 (High), yuv420p(tv, bt709, progressive), 1920x1080 [SAR 1:1 DAR 16:9], 2500 kb/s, 29.97 fps, 29.97 tbr, 1k tbn
                Stream mapping:
                  Stream #0:1 -> #0:0 (copy)
                Output #0, hls, to '/x/run-1-source.m3u8':
                  Stream #0:0: Video: h264 (High), yuv420p, 640x360, q=2-31, 30 fps, 90k tbn
                """;
        StreamInfoParser p = new StreamInfoParser();
        err.lines().forEach(p::accept);
        StreamInfo i = p.info();
        assertEquals("h264", i.videoCodec());
        assertEquals("High", i.videoProfile());
        assertEquals(1920, i.width());
        assertEquals(1080, i.height());
        assertEquals(29.97, i.fps(), 1e-9);
        assertEquals("aac", i.audioCodec());
        assertEquals(3200, i.inputBitrateKbps());
        assertEquals(Optional.of("mp4a.40.2"), i.audioCodecTag());
        assertEquals(Optional.of("1920x1080"), i.resolution());
    }

    @Test
    void readsMpegTsStreamIdsAndSilentSources() {
        String err = """
                Input #0, mpegts, from 'tcp://127.0.0.1:9000':
                  Duration: N/A, start: 1.400000, bitrate: N/A
                  Program 1
                  Stream #0:0[0x100]: Video: h264 (Constrained Baseline) ([27][0][0][0] / 0x001B), yuv420p(progressive), 320x180 [SAR 1:1 DAR 16:9], 25 fps, 25 tbr, 90k tbn
                """;
        StreamInfoParser p = new StreamInfoParser();
        err.lines().forEach(p::accept);
        assertEquals(320, p.info().width());
        assertEquals("Constrained Baseline", p.info().videoProfile());
        assertEquals(25, p.info().fps(), 1e-9);
        assertFalse(p.info().hasAudio());
        assertEquals(0, p.info().inputBitrateKbps());
    }

    @Test
    void readsTheDurationOfAFileAndNoneOfALiveInput() {
        StreamInfoParser file = new StreamInfoParser();
        """
                Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '/data/streams/e1/.upload/source.mp4':
                  Duration: 01:02:03.45, start: 0.000000, bitrate: 1234 kb/s
                  Stream #0:0[0x1](und): Video: vp9 (Profile 0) (vp09 / 0x39307076), yuv420p(tv), 1280x720, 25 fps
                  Stream #0:1[0x2](und): Audio: opus (Opus / 0x7375704F), 48000 Hz, stereo, fltp
                """.lines().forEach(file::accept);
        assertEquals(3_723_450_000L, file.info().durationMicros());
        assertEquals(1234, file.info().inputBitrateKbps());
        assertFalse(file.info().hlsCopyCompatible(), "vp9/opus cannot be remuxed into MPEG-TS HLS");

        StreamInfoParser live = new StreamInfoParser();
        """
                Input #0, mpegts, from 'tcp://127.0.0.1:9000':
                  Duration: N/A, start: 1.400000, bitrate: N/A
                  Stream #0:0[0x100]: Video: h264 (High), yuv420p(progressive), 320x180, 25 fps, 25 tbr, 90k tbn
                """.lines().forEach(live::accept);
        assertEquals(0, live.info().durationMicros());
        assertTrue(live.info().hlsCopyCompatible());
    }
}
