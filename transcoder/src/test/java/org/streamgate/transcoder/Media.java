package org.streamgate.transcoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the system ffmpeg/ffprobe for test fixtures and checks. */
final class Media {

    private Media() {
    }

    /** Codec names of all streams, e.g. [h264, aac]. */
    static List<String> codecs(Path file) throws IOException, InterruptedException {
        String out = run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
                file.toString()));
        return out.lines().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** Decodes the whole input (a playlist or a file); throws when ffmpeg reports an error. */
    static void decodes(Path input) throws IOException, InterruptedException {
        run(List.of("ffmpeg", "-v", "error", "-i", input.toString(), "-f", "null", "-"));
    }

    /** A short 25 fps test file, e.g. for VOD conversion. */
    static Path makeFile(Path target, int seconds, String size, boolean audio) throws IOException, InterruptedException {
        return makeFile(target, seconds, size, "25", audio);
    }

    /** A short test file at {@code rate} frames per second (e.g. {@code 30000/1001}). */
    static Path makeFile(Path target, int seconds, String size, String rate, boolean audio)
            throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + size + ":rate=" + rate + ":duration=" + seconds));
        if (audio) {
            c.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=300:duration=" + seconds));
        }
        c.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-pix_fmt", "yuv420p"));
        if (audio) {
            c.addAll(List.of("-c:a", "aac"));
        }
        c.add(target.toString());
        run(c);
        return target;
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("exit " + p.exitValue() + " from " + command + ":\n" + out);
        }
        return out;
    }
}
