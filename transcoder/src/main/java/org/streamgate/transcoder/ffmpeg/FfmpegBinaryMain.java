package org.streamgate.transcoder.ffmpeg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Prints the ffmpeg the transcoder would run, resolved exactly as the service does ({@code FFMPEG_PATH}, else
 * {@code ffmpeg} on {@code PATH}, else the JAVE binary extracted once), and exits 0; or prints why not to stderr
 * and exits 1. {@code scripts/run --demo-stream} uses it to find an ffmpeg on machines without one on PATH:
 * {@code java -cp transcoder/target/streamgate-transcoder.jar org.streamgate.transcoder.ffmpeg.FfmpegBinaryMain}.
 */
public final class FfmpegBinaryMain {

    private FfmpegBinaryMain() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(resolve(System.getenv("FFMPEG_PATH"), System.getenv("PATH")).path());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("ffmpeg: " + e.getMessage());
            System.exit(1);
        }
    }

    static FfmpegBinary resolve(String ffmpegPathEnv, String pathEnv) {
        Optional<Path> explicit = Optional.empty();
        if (ffmpegPathEnv != null && !ffmpegPathEnv.isBlank()) {
            Path p = Path.of(ffmpegPathEnv.trim());
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new IllegalArgumentException("FFMPEG_PATH " + ffmpegPathEnv.trim() + " is not an executable file");
            }
            explicit = Optional.of(p);
        }
        return FfmpegBinary.resolve(explicit, pathEnv, FfmpegBinary.defaultCacheDir());
    }
}
