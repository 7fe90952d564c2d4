package org.streamgate.transcoder.hls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the H.264 profile and level in a transport-stream segment (the first SPS NAL unit), for the master
 * playlist's {@code CODECS} attribute ({@code avc1.PPCCLL}). Only the first few hundred KiB are read.
 */
public final class CodecProbe {

    private static final int MAX_BYTES = 512 * 1024;

    private CodecProbe() {
    }

    public static Optional<String> avcCodecTag(Path segment) {
        byte[] data;
        try (InputStream in = Files.newInputStream(segment)) {
            data = in.readNBytes(MAX_BYTES);
        } catch (IOException e) {
            return Optional.empty();
        }
        return avcCodecTag(data);
    }

    static Optional<String> avcCodecTag(byte[] data) {
        for (int i = 0; i + 6 < data.length; i++) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 && (data[i + 3] & 0x1f) == 7
                    && (data[i + 3] & 0x80) == 0) {
                int profile = data[i + 4] & 0xff;
                int constraints = data[i + 5] & 0xff;
                int level = data[i + 6] & 0xff;
                if (profile == 0 || level == 0) {
                    continue;
                }
                return Optional.of(String.format(Locale.ROOT, "avc1.%02x%02x%02x", profile, constraints, level));
            }
        }
        return Optional.empty();
    }
}
