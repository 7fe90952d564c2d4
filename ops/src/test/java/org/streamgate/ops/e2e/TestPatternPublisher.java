package org.streamgate.ops.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real ffmpeg publishing a test pattern (H.264 + AAC, 2 s GOP) over RTMP, as OBS would. */
public final class TestPatternPublisher implements AutoCloseable {

    private final Process process;

    private TestPatternPublisher(Process process) {
        this.process = process;
    }

    public static TestPatternPublisher start(String rtmpUrl, Path log) throws IOException {
        List<String> command = List.of("ffmpeg", "-hide_banner", "-loglevel", "warning", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "60", "-pix_fmt", "yuv420p",
                "-b:v", "800k", "-c:a", "aac", "-b:a", "96k", "-t", "600",
                "-f", "flv", rtmpUrl);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new TestPatternPublisher(process);
    }

    /** The exit code if ffmpeg ended within {@code timeout}. */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
