package org.streamgate.transcoder;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.streamgate.common.internalapi.InternalApiKey;
import org.streamgate.common.production.DeploymentMode;
import org.streamgate.common.production.SecretPolicy;
import org.streamgate.transcoder.profile.AbrLadder;
import org.streamgate.transcoder.profile.Rendition;

/**
 * The transcoder's configuration, read once from the environment and validated at start (DESIGN §4).
 * Every error names the environment variable at fault. {@link #toString()} masks the internal key.
 *
 * @param port                    HTTP port ({@code PORT}, else {@code TRANSCODER_PORT}, default 5000)
 * @param streamRoot              where {@code <eventId>/...} HLS output goes ({@code STREAM_ROOT}, required)
 * @param internalApiKey          guards every route and authenticates reports ({@code INTERNAL_API_KEY}, required)
 * @param platformAppUrl          base URL for state reports ({@code PLATFORM_APP_URL}); empty: reports are not sent
 * @param ffmpegPath              explicit ffmpeg binary ({@code FFMPEG_PATH}); empty: PATH, then the bundled binary
 * @param segmentSeconds          HLS segment length ({@code SEGMENT_SECONDS}, 1..6, default 2)
 * @param reconnectWindowSeconds  how long a job waits for its input to come back ({@code RECONNECT_WINDOW_SECONDS})
 * @param maxJobs                 concurrent running jobs ({@code MAX_JOBS})
 * @param ffmpegThreads           {@code -threads} per FFmpeg, 0 = FFmpeg decides ({@code FFMPEG_THREADS})
 * @param stallSegments           no progress for this many segment lengths kills FFmpeg ({@code STALL_SEGMENTS})
 * @param maxRestartsPerMinute    crash restarts tolerated per minute before the job fails ({@code MAX_RESTARTS_PER_MINUTE})
 * @param ffmpegNice              nice level FFmpeg runs at, 0 = not reniced ({@code FFMPEG_NICE}, 0..19)
 * @param abrLadder               renditions of the {@code abr} profile, highest first ({@code ABR_LADDER}, see
 *                                {@link AbrLadder#parse})
 * @param deploymentMode          {@code STREAMGATE_ENV}: production applies the shared {@link SecretPolicy} to the
 *                                internal key and requires {@code PLATFORM_APP_URL}
 */
public record TranscoderConfig(
        int port,
        Path streamRoot,
        InternalApiKey internalApiKey,
        Optional<URI> platformAppUrl,
        Optional<Path> ffmpegPath,
        int segmentSeconds,
        int reconnectWindowSeconds,
        int maxJobs,
        int ffmpegThreads,
        int stallSegments,
        int maxRestartsPerMinute,
        int ffmpegNice,
        List<Rendition> abrLadder,
        DeploymentMode deploymentMode) {

    public static final int DEFAULT_PORT = 5000;
    public static final int DEFAULT_SEGMENT_SECONDS = 2;
    public static final int MIN_SEGMENT_SECONDS = 1;
    public static final int MAX_SEGMENT_SECONDS = 6;
    public static final int DEFAULT_RECONNECT_WINDOW_SECONDS = 60;
    public static final int DEFAULT_MAX_JOBS = 8;
    public static final int DEFAULT_FFMPEG_THREADS = 0;
    public static final int DEFAULT_STALL_SEGMENTS = 5;
    public static final int DEFAULT_MAX_RESTARTS_PER_MINUTE = 10;
    public static final int DEFAULT_FFMPEG_NICE = 0;

    /** Reads and validates; creates {@code STREAM_ROOT} if missing. @throws IllegalArgumentException naming the key */
    public static TranscoderConfig from(Map<String, String> env) {
        DeploymentMode deployment = DeploymentMode.from(env);
        String portKey = present(env, "PORT") ? "PORT" : "TRANSCODER_PORT";
        int port = intValue(env, portKey, DEFAULT_PORT, 0, 65535);

        String root = value(env, "STREAM_ROOT");
        if (root.isEmpty()) {
            throw new IllegalArgumentException("STREAM_ROOT is required (the shared HLS output directory)");
        }
        Path streamRoot = Path.of(root).toAbsolutePath().normalize();
        try {
            Files.createDirectories(streamRoot);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("STREAM_ROOT " + streamRoot + " cannot be created: " + e.getMessage());
        }
        if (!Files.isDirectory(streamRoot) || !Files.isWritable(streamRoot)) {
            throw new IllegalArgumentException("STREAM_ROOT " + streamRoot + " is not a writable directory");
        }

        String key = value(env, "INTERNAL_API_KEY");
        if (deployment.isProduction()) {
            SecretPolicy.productionProblem(key).ifPresent(problem -> {
                throw new IllegalArgumentException("INTERNAL_API_KEY " + problem.reason());
            });
        } else if (key.isEmpty()) {
            throw new IllegalArgumentException("INTERNAL_API_KEY is required");
        }

        Optional<URI> platform = Optional.empty();
        String platformUrl = value(env, "PLATFORM_APP_URL");
        if (!platformUrl.isEmpty()) {
            try {
                URI uri = new URI(platformUrl.endsWith("/") ? platformUrl.substring(0, platformUrl.length() - 1) : platformUrl);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new URISyntaxException(platformUrl, "not an http(s) URL");
                }
                platform = Optional.of(uri);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("PLATFORM_APP_URL must be an http(s) URL, got '" + platformUrl + "'");
            }
        } else if (deployment.isProduction()) {
            // without reports the platform never learns that a stream went live or ended
            throw new IllegalArgumentException("PLATFORM_APP_URL is required when STREAMGATE_ENV=production");
        }

        Optional<Path> ffmpeg = Optional.empty();
        String ffmpegValue = value(env, "FFMPEG_PATH");
        if (!ffmpegValue.isEmpty()) {
            Path p = Path.of(ffmpegValue);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new IllegalArgumentException("FFMPEG_PATH " + ffmpegValue + " is not an executable file");
            }
            ffmpeg = Optional.of(p);
        }

        return new TranscoderConfig(
                port,
                streamRoot,
                InternalApiKey.of(key),
                platform,
                ffmpeg,
                intValue(env, "SEGMENT_SECONDS", DEFAULT_SEGMENT_SECONDS, MIN_SEGMENT_SECONDS, MAX_SEGMENT_SECONDS),
                intValue(env, "RECONNECT_WINDOW_SECONDS", DEFAULT_RECONNECT_WINDOW_SECONDS, 0, 86_400),
                intValue(env, "MAX_JOBS", DEFAULT_MAX_JOBS, 1, 1000),
                intValue(env, "FFMPEG_THREADS", DEFAULT_FFMPEG_THREADS, 0, 64),
                intValue(env, "STALL_SEGMENTS", DEFAULT_STALL_SEGMENTS, 2, 100),
                intValue(env, "MAX_RESTARTS_PER_MINUTE", DEFAULT_MAX_RESTARTS_PER_MINUTE, 1, 1000),
                intValue(env, "FFMPEG_NICE", DEFAULT_FFMPEG_NICE, 0, 19),
                AbrLadder.parse("ABR_LADDER", value(env, "ABR_LADDER")),
                deployment);
    }

    private static boolean present(Map<String, String> env, String key) {
        return !value(env, key).isEmpty();
    }

    private static String value(Map<String, String> env, String key) {
        String v = env.get(key);
        return v == null ? "" : v.trim();
    }

    private static int intValue(Map<String, String> env, String key, int fallback, int min, int max) {
        String v = value(env, key);
        if (v.isEmpty()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(key + " must be in " + min + ".." + max + ", got " + parsed);
        }
        return parsed;
    }

    @Override
    public String toString() {
        return "TranscoderConfig[port=" + port
                + ", streamRoot=" + streamRoot
                + ", internalApiKey=****"
                + ", platformAppUrl=" + platformAppUrl.map(URI::toString).orElse("(not reporting)")
                + ", ffmpegPath=" + ffmpegPath.map(Path::toString).orElse("(auto)")
                + ", segmentSeconds=" + segmentSeconds
                + ", reconnectWindowSeconds=" + reconnectWindowSeconds
                + ", maxJobs=" + maxJobs
                + ", ffmpegThreads=" + ffmpegThreads
                + ", stallSegments=" + stallSegments
                + ", maxRestartsPerMinute=" + maxRestartsPerMinute
                + ", ffmpegNice=" + ffmpegNice
                + ", deploymentMode=" + deploymentMode.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
