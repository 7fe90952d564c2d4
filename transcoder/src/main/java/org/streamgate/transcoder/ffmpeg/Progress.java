package org.streamgate.transcoder.ffmpeg;

/**
 * One block of FFmpeg's {@code -progress} output.
 *
 * @param frame         frames written so far
 * @param fps           current output frame rate
 * @param outTimeMicros media time written so far
 * @param speed         encode speed relative to real time; {@code NaN} when FFmpeg says N/A
 * @param bitrateKbps   output bitrate; {@code NaN} when FFmpeg says N/A
 * @param ended         {@code progress=end}: the last block of a run
 */
public record Progress(long frame, double fps, long outTimeMicros, double speed, double bitrateKbps, boolean ended) {

    public static final Progress NONE = new Progress(0, 0, 0, Double.NaN, Double.NaN, false);
}
