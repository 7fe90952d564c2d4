package org.streamgate.transcoder.ffmpeg;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the input section of FFmpeg's stderr banner ({@code Input #0 ...} up to {@code Output #0} or
 * {@code Stream mapping:}) into a {@link StreamInfo}. Works with the FFmpeg 4.4 and 5.x formats.
 *
 * <p>Concurrency: not thread-safe; one instance per stderr reader. {@link #info()} may be read from other threads
 * because it returns an immutable value published through a volatile field.
 */
public final class StreamInfoParser {

    private static final Pattern STREAM = Pattern.compile(
            "^\\s*Stream #0:\\d+(?:\\[[^]]*])?(?:\\([^)]*\\))?: (Video|Audio): ([A-Za-z0-9_]+)(?: \\(([^)]*)\\))?(.*)$");
    private static final Pattern SIZE = Pattern.compile("\\b(\\d{2,5})x(\\d{2,5})\\b");
    private static final Pattern FPS = Pattern.compile("([0-9.]+)(k?) (fps|tbr)");
    private static final Pattern BITRATE = Pattern.compile("^\\s*Duration: .*bitrate: (\\d+) kb/s");
    private static final Pattern DURATION = Pattern.compile("^\\s*Duration: (\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");

    private boolean inInput;
    private volatile StreamInfo info = StreamInfo.UNKNOWN;

    public void accept(String line) {
        if (line.startsWith("Input #0")) {
            inInput = true;
            return;
        }
        if (line.startsWith("Output #") || line.startsWith("Stream mapping:") || line.startsWith("Input #1")) {
            inInput = false;
            return;
        }
        if (!inInput) {
            return;
        }
        Matcher duration = DURATION.matcher(line);
        if (duration.find()) {
            long micros = Math.round((Long.parseLong(duration.group(1)) * 3600 + Long.parseLong(duration.group(2)) * 60
                    + Double.parseDouble(duration.group(3))) * 1_000_000);
            StreamInfo i = info;
            info = new StreamInfo(i.videoCodec(), i.videoProfile(), i.width(), i.height(), i.fps(), i.audioCodec(),
                    i.audioProfile(), i.inputBitrateKbps(), micros);
        }
        Matcher bitrate = BITRATE.matcher(line);
        if (bitrate.find()) {
            info = with(info, null, null, 0, 0, 0, null, null, Integer.parseInt(bitrate.group(1)));
            return;
        }
        Matcher m = STREAM.matcher(line);
        if (!m.matches()) {
            return;
        }
        String profile = m.group(3) == null ? "" : m.group(3);
        String rest = m.group(4);
        if ("Video".equals(m.group(1)) && !info.hasVideo()) {
            int w = 0;
            int h = 0;
            Matcher size = SIZE.matcher(rest);
            if (size.find()) {
                w = Integer.parseInt(size.group(1));
                h = Integer.parseInt(size.group(2));
            }
            double fps = 0;
            Matcher f = FPS.matcher(rest);
            while (f.find()) {
                if (f.group(2).isEmpty()) {
                    fps = Double.parseDouble(f.group(1));
                    break;
                }
            }
            info = with(info, m.group(2), profile, w, h, fps, null, null, 0);
        } else if ("Audio".equals(m.group(1)) && !info.hasAudio()) {
            info = with(info, null, null, 0, 0, 0, m.group(2), profile, 0);
        }
    }

    public StreamInfo info() {
        return info;
    }

    private static StreamInfo with(StreamInfo i, String vCodec, String vProfile, int w, int h, double fps,
                                   String aCodec, String aProfile, int kbps) {
        return new StreamInfo(
                vCodec != null ? vCodec : i.videoCodec(),
                vProfile != null ? vProfile : i.videoProfile(),
                w > 0 ? w : i.width(),
                h > 0 ? h : i.height(),
                fps > 0 ? fps : i.fps(),
                aCodec != null ? aCodec : i.audioCodec(),
                aProfile != null ? aProfile : i.audioProfile(),
                kbps > 0 ? kbps : i.inputBitrateKbps(),
                i.durationMicros());
    }
}
