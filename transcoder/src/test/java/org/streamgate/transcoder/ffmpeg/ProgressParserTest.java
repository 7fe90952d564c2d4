package org.streamgate.transcoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressParserTest {

    @Test
    void parsesBlocksFromFfmpeg5() {
        String out = """
                frame=150
                fps=29.97
                stream_0_0_q=-1.0
                bitrate=1234.5kbits/s
                total_size=N/A
                out_time_us=5015511
                out_time_ms=5015511
                out_time=00:00:05.015511
                dup_frames=0
                drop_frames=0
                speed=1.01x
                progress=continue
                frame=160
                fps=0.00
                bitrate=N/A
                out_time_ms=5349000
                speed=N/A
                progress=end
                """;
        ProgressParser parser = new ProgressParser();
        List<Progress> blocks = new ArrayList<>();
        out.lines().forEach(l -> parser.accept(l).ifPresent(blocks::add));
        assertEquals(2, blocks.size());
        Progress p = blocks.get(0);
        assertEquals(150, p.frame());
        assertEquals(29.97, p.fps(), 1e-9);
        assertEquals(5_015_511, p.outTimeMicros());
        assertEquals(1.01, p.speed(), 1e-9);
        assertEquals(1234.5, p.bitrateKbps(), 1e-9);
        assertFalse(p.ended());
        Progress last = blocks.get(1);
        assertEquals(5_349_000, last.outTimeMicros(), "out_time_ms is microseconds too");
        assertTrue(Double.isNaN(last.speed()));
        assertTrue(Double.isNaN(last.bitrateKbps()));
        assertTrue(last.ended());
    }

    @Test
    void ignoresGarbage() {
        ProgressParser parser = new ProgressParser();
        assertTrue(parser.accept("").isEmpty());
        assertTrue(parser.accept("=x").isEmpty());
        assertTrue(parser.accept("frame=abc").isEmpty());
        assertEquals(0, parser.accept("progress=continue").orElseThrow().frame());
    }
}
