package org.streamgate.transcoder.ffmpeg;

import java.util.Optional;

/**
 * Parses FFmpeg's {@code -progress} key=value lines; every {@code progress=continue|end} line closes a block.
 * Unknown keys and garbage are ignored (the format gains keys between FFmpeg versions).
 *
 * <p>Concurrency: not thread-safe; one instance per stdout reader.
 */
public final class ProgressParser {

    private long frame;
    private double fps;
    private long outTimeMicros = -1;
    private long outTimeMsField = -1;
    private double speed = Double.NaN;
    private double bitrateKbps = Double.NaN;

    /** @return a complete block when {@code line} ends one */
    public Optional<Progress> accept(String line) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            return Optional.empty();
        }
        String key = line.substring(0, eq).trim();
        String value = line.substring(eq + 1).trim();
        switch (key) {
            case "frame" -> frame = parseLong(value, frame);
            case "fps" -> fps = parseDouble(value, fps);
            case "out_time_us" -> outTimeMicros = parseLong(value, outTimeMicros);
            // despite its name, out_time_ms is in microseconds too (FFmpeg quirk); only used when _us is missing
            case "out_time_ms" -> outTimeMsField = parseLong(value, outTimeMsField);
            case "speed" -> speed = parseDouble(stripSuffix(value, "x"), Double.NaN);
            case "bitrate" -> bitrateKbps = parseDouble(stripSuffix(value, "kbits/s"), Double.NaN);
            case "progress" -> {
                long time = outTimeMicros >= 0 ? outTimeMicros : Math.max(0, outTimeMsField);
                Progress p = new Progress(frame, fps, time, speed, bitrateKbps, "end".equals(value));
                outTimeMicros = -1;
                outTimeMsField = -1;
                return Optional.of(p);
            }
            default -> {
                // other keys (total_size, dup_frames, stream_0_0_q, ...) are not needed
            }
        }
        return Optional.empty();
    }

    private static String stripSuffix(String value, String suffix) {
        return value.endsWith(suffix) ? value.substring(0, value.length() - suffix.length()).trim() : value;
    }

    private static long parseLong(String value, long fallback) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double parseDouble(String value, double fallback) {
        try {
            double d = Double.parseDouble(value);
            return Double.isFinite(d) ? d : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
