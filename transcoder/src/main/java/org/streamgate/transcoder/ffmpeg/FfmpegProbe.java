package org.streamgate.transcoder.ffmpeg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Asks FFmpeg itself what an input contains ({@code ffmpeg -i <input>} without an output prints the input banner
 * and exits), so the abr ladder can be capped at the source resolution without needing ffprobe.
 */
public final class FfmpegProbe {

    private FfmpegProbe() {
    }

    /** @return what was found; {@link StreamInfo#hasVideo()} is false when the input could not be opened */
    public static StreamInfo probe(FfmpegBinary binary, InputSource input, Duration timeout) {
        CommandLine cmd = new CommandLine(binary.path().toString());
        cmd.addArgument("-hide_banner", false);
        cmd.addArgument("-nostdin", false);
        if (input.kind() == InputSource.Kind.RTMP) {
            cmd.addArgument("-rtmp_live", false);
            cmd.addArgument("live", false);
        }
        cmd.addArgument("-i", false);
        cmd.addArgument(input.ffmpegInput(), false);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(new PumpStreamHandler(new ByteArrayOutputStream(), err));
        executor.setWatchdog(ExecuteWatchdog.builder().setTimeout(timeout).get());
        executor.setExitValues(null);
        try {
            executor.execute(cmd);
        } catch (IOException e) {
            return StreamInfo.UNKNOWN;
        }
        StreamInfoParser parser = new StreamInfoParser();
        err.toString(StandardCharsets.UTF_8).lines().forEach(parser::accept);
        return parser.info();
    }
}
