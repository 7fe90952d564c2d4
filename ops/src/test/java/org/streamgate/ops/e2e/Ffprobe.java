package org.streamgate.ops.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

final class Ffprobe {

    private Ffprobe() {
    }

    /** The codec names of every stream in {@code file}, e.g. {@code [h264, aac]}. */
    static List<String> codecs(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
                "-of", "default=noprint_wrappers=1:nokey=1", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("ffprobe failed on " + file + ": " + out);
        }
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
