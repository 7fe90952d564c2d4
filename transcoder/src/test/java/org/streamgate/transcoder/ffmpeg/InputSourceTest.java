package org.streamgate.transcoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputSourceTest {

    @Test
    void masksTheStreamKeyAndCredentials() {
        assertEquals("rtmp://127.0.0.1:1935/live/****", new InputSource("rtmp://127.0.0.1:1935/live/abc123").masked());
        assertEquals("rtmp://****@host/live/****", new InputSource("rtmp://user:pw@host/live/abc").masked());
        assertEquals("srt://host:9000?****", new InputSource("srt://host:9000?streamid=secret").masked());
        assertEquals("tcp://127.0.0.1:9000", new InputSource("tcp://127.0.0.1:9000").masked());
        InputSource in = new InputSource("rtmp://h/live/k3y");
        String line = in.maskIn("Input #0, flv, from 'rtmp://h/live/k3y':");
        assertFalse(line.contains("k3y"), line);
    }

    @Test
    void classifiesInputs() {
        assertEquals(InputSource.Kind.RTMP, new InputSource("rtmp://h/live/k").kind());
        assertEquals(InputSource.Kind.NETWORK, new InputSource("srt://h:1").kind());
        assertEquals(InputSource.Kind.NETWORK, new InputSource("http://h/a.m3u8").kind());
        assertEquals(InputSource.Kind.FILE, new InputSource("/data/a.mp4").kind());
        assertEquals(InputSource.Kind.FILE, new InputSource("file:///data/a.mp4").kind());
    }

    @Test
    void refusesWhatFfmpegWouldReadAsAnOption() {
        assertThrows(IllegalArgumentException.class, () -> new InputSource("-f lavfi"));
        assertThrows(IllegalArgumentException.class, () -> new InputSource("rtmp://h/x\n-y"));
        assertThrows(IllegalArgumentException.class, () -> new InputSource(" "));
    }

    @Test
    void aFileInputIsAnAbsolutePathOrAFileUrl() {
        assertEquals(Optional.of(Path.of("/data/e1/.upload/source.mp4")),
                new InputSource("/data/e1/.upload/source.mp4").file());
        assertEquals("/data/e1/.upload/source.mp4", new InputSource("/data/e1/../e1/.upload/source.mp4").ffmpegInput());
        assertEquals(Optional.of(Path.of("/data/my talk.mp4")), new InputSource("file:///data/my%20talk.mp4").file());
        assertEquals("/data/a.mp4", new InputSource("file:/data/a.mp4").ffmpegInput());
        assertEquals(Optional.empty(), new InputSource("rtmp://h/live/k").file());
        assertEquals("rtmp://h/live/k", new InputSource("rtmp://h/live/k").ffmpegInput());
        for (String bad : List.of("source.mp4", "data/a.mp4", "./a.mp4", "pipe:0", "concat:/a.ts|/b.ts",
                "file:a.mp4", "file://otherhost/a.mp4", "file:///my talk.mp4")) {
            assertThrows(IllegalArgumentException.class, () -> new InputSource(bad), bad);
        }
    }
}
