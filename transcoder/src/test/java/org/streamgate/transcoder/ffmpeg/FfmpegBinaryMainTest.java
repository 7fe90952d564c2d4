package org.streamgate.transcoder.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegBinaryMainTest {

    @TempDir
    Path tmp;

    @Test
    void anExplicitFfmpegPathWins() {
        Path ffmpeg = FfmpegBinary.findOnPath(System.getenv("PATH"), "ffmpeg").orElseThrow();
        FfmpegBinary b = FfmpegBinaryMain.resolve(ffmpeg.toString(), "");
        assertEquals(ffmpeg, b.path());
        assertEquals("FFMPEG_PATH", b.source());
    }

    @Test
    void aFfmpegPathThatIsNotExecutableIsAnErrorNamingTheKey() throws Exception {
        Path notExecutable = Files.writeString(tmp.resolve("ffmpeg"), "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FfmpegBinaryMain.resolve(notExecutable.toString(), ""));
        assertTrue(e.getMessage().startsWith("FFMPEG_PATH "), e.getMessage());
    }

    @Test
    void withoutFfmpegPathThePathIsSearched() {
        FfmpegBinary b = FfmpegBinaryMain.resolve("", System.getenv("PATH"));
        assertEquals("PATH", b.source());
        assertTrue(b.path().endsWith("ffmpeg"));
    }
}
