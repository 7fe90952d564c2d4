package org.streamgate.platform.vod;

import org.streamgate.platform.http.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Asks ffprobe whether a file holds video, and how long it is. */
public final class MediaProbe {

    private static final System.Logger LOG = System.getLogger(MediaProbe.class.getName());
    static final long TIMEOUT_SECONDS = 60;

    /** What ffprobe found: a video stream, and the duration when known. */
    public record Media(double durationSeconds) {
    }

    private final String ffprobe;

    /** @param ffprobe path or command name of ffprobe */
    public MediaProbe(String ffprobe) {
        this.ffprobe = ffprobe;
    }

    /** {@code FFPROBE_PATH}, else {@code ffprobe} beside {@code FFMPEG_PATH}, else {@code ffprobe} on the PATH. */
    public static String locate(String ffprobePath, String ffmpegPath) {
        if (ffprobePath != null && !ffprobePath.isBlank()) {
            return ffprobePath;
        }
        if (ffmpegPath != null && !ffmpegPath.isBlank()) {
            Path sibling = Path.of(ffmpegPath).resolveSibling("ffprobe");
            if (sibling.toFile().canExecute()) {
                return sibling.toString();
            }
        }
        return "ffprobe";
    }

    /** @return the media if the file has a video stream; empty when it has none or ffprobe cannot read it */
    public Optional<Media> probe(Path file) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(ffprobe, "-v", "error", "-select_streams", "v:0",
                    "-show_entries", "stream=codec_type:format=duration", "-of", "json", file.toString()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run ffprobe (" + ffprobe + "): " + e.getMessage(), e);
        }
        String out;
        try (InputStream stdout = p.getInputStream()) {
            out = new String(stdout.readNBytes(1024 * 1024), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ffprobe timed out");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (p.exitValue() != 0) {
            return Optional.empty();
        }
        return parse(out);
    }

    static Optional<Media> parse(String json) {
        try (JsonReader reader = Jsons.PROVIDER.createReader(new StringReader(json))) {
            JsonObject o = reader.readObject();
            var streams = o.getJsonArray("streams");
            if (streams == null || streams.isEmpty()
                    || !"video".equals(streams.getJsonObject(0).getString("codec_type", ""))) {
                return Optional.empty();
            }
            double duration = 0;
            JsonObject format = o.getJsonObject("format");
            if (format != null && format.get("duration") != null && format.get("duration") != JsonValue.NULL) {
                try {
                    duration = Double.parseDouble(format.getString("duration"));
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "no duration in ffprobe output");
                }
            }
            return Optional.of(new Media(duration));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
