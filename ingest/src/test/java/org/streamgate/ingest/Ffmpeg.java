package org.streamgate.ingest;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Real ffmpeg / ffprobe processes for the ingest ITs. */
final class Ffmpeg {

    private Ffmpeg() {
    }

    static String binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin") + ":/usr/sbin:/usr/local/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException(name + " is not on PATH: the ingest ITs need it installed");
    }

    /** Publishes a test pattern (H.264 + AAC) in real time until stopped. */
    static Process publish(String url, Path log) throws IOException {
        return start(log, binary("ffmpeg"), "-hide_banner", "-nostdin", "-loglevel", "warning", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "60", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "96k", "-f", "flv", url);
    }

    /** Like {@link #publish} but cheap on CPU (small, ultrafast), for tests that only need a live publisher. */
    static Process publishLight(String url, Path log) throws IOException {
        return start(log, binary("ffmpeg"), "-hide_banner", "-nostdin", "-loglevel", "warning", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-f", "flv", url);
    }

    /** Publishes a small test pattern (H.264 + AAC) at 15 fps with one keyframe every {@code gopSeconds}. */
    static Process publishWithGop(String url, int gopSeconds, Path log) throws IOException {
        String gop = String.valueOf(15 * gopSeconds);
        return start(log, binary("ffmpeg"), "-hide_banner", "-nostdin", "-loglevel", "warning", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", gop, "-keyint_min", gop,
                "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-f", "flv", url);
    }

    /** One video packet of a media file: presentation time and whether it is a keyframe. */
    record VideoPacket(double pts, boolean keyframe) {
    }

    /** The video packets of a media file, in file order. */
    static List<VideoPacket> videoPackets(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary("ffprobe"), "-v", "error", "-select_streams", "v:0",
                "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(20, TimeUnit.SECONDS);
        List<VideoPacket> packets = new ArrayList<>();
        for (String line : out.split("\\R")) {
            String[] f = line.trim().split(",");
            if (f.length >= 2 && !f[0].isEmpty() && !f[0].equals("N/A")) {
                packets.add(new VideoPacket(Double.parseDouble(f[0]), f[1].startsWith("K")));
            }
        }
        return packets;
    }

    /** MD5 of each of the first {@code frames} decoded video frames of a media file. */
    static List<String> frameHashes(Path file, int frames) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary("ffmpeg"), "-hide_banner", "-nostdin", "-v", "error",
                "-i", file.toString(), "-map", "0:v:0", "-frames:v", String.valueOf(frames), "-f", "framemd5", "-")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        List<String> hashes = new ArrayList<>();
        for (String line : out.split("\\R")) {
            String[] f = line.split(",");
            if (!line.startsWith("#") && f.length >= 6) {
                hashes.add(f[5].trim());
            }
        }
        return hashes;
    }

    /** Exit status of decoding the whole file with FFmpeg's "stop at the first decoding error". */
    static int decodeStrictly(Path file, Path log) throws IOException, InterruptedException {
        Process p = start(log, binary("ffmpeg"), "-hide_banner", "-nostdin", "-v", "error", "-xerror",
                "-i", file.toString(), "-f", "null", "-");
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Pulls a live stream like the transcoder does and copies {@code seconds} of it into an MPEG-TS file. */
    static Process pull(String url, Path out, int seconds, Path log) throws IOException {
        return start(log, binary("ffmpeg"), "-hide_banner", "-nostdin", "-loglevel", "warning", "-y",
                "-rtmp_live", "live", "-i", url, "-t", String.valueOf(seconds), "-c", "copy", "-f", "mpegts",
                out.toString());
    }

    /** Codec names of the streams in a media file, e.g. [h264, aac]. */
    static List<String> codecs(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary("ffprobe"), "-v", "error", "-show_entries", "stream=codec_name",
                "-of", "default=noprint_wrappers=1:nokey=1", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(20, TimeUnit.SECONDS);
        List<String> codecs = new ArrayList<>();
        for (String line : out.split("\\R")) {
            if (!line.isBlank()) {
                codecs.add(line.trim());
            }
        }
        return codecs;
    }

    static Process start(Path log, String... command) throws IOException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Stops ffmpeg politely (SIGTERM lets it send FCUnpublish/deleteStream), then forcibly. */
    static int stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        return p.exitValue();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Polls {@code condition} until true or the deadline passes; returns whether it became true. */
    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
