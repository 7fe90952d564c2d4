package org.streamgate.transcoder.ffmpeg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * The ffmpeg executable and its version, resolved as DESIGN §1 says: {@code FFMPEG_PATH}, else {@code ffmpeg} on
 * {@code PATH}, else the static binary inside the JAVE2 {@code jave-nativebin-linux64} jar, extracted once to a
 * cache directory.
 *
 * @param path         the executable
 * @param majorVersion e.g. 4 or 5; {@code -1} when the version string is not a release number (git builds)
 * @param source       where it came from, for the start-up log
 */
public record FfmpegBinary(Path path, int majorVersion, String source) {

    private static final System.Logger LOG = System.getLogger(FfmpegBinary.class.getName());
    private static final String JAVE_RESOURCE = "ws/schild/jave/nativebin/ffmpeg-amd64";
    private static final Pattern VERSION = Pattern.compile("ffmpeg version n?(\\d+)\\.");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(15);

    /** @throws IllegalStateException when no binary can be found or run */
    public static FfmpegBinary resolve(Optional<Path> explicit, String pathEnv, Path cacheDir) {
        Path path;
        String source;
        if (explicit.isPresent()) {
            path = explicit.get();
            source = "FFMPEG_PATH";
        } else {
            Optional<Path> onPath = findOnPath(pathEnv, "ffmpeg");
            if (onPath.isPresent()) {
                path = onPath.get();
                source = "PATH";
            } else {
                path = extractBundled(cacheDir);
                source = "jave-nativebin";
            }
        }
        return new FfmpegBinary(path, probeMajorVersion(path), source);
    }

    /** Where the bundled binary is extracted: {@code $XDG_CACHE_HOME/streamgate}, else {@code ~/.cache/streamgate}. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getProperty("user.home");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "streamgate");
        }
        if (home != null && !home.isBlank() && !"?".equals(home)) {
            return Path.of(home, ".cache", "streamgate");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "streamgate-cache");
    }

    static Optional<Path> findOnPath(String pathEnv, String name) {
        if (pathEnv == null || pathEnv.isBlank()) {
            return Optional.empty();
        }
        for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Extracts the JAVE binary once; a later call reuses it when its size matches the resource. */
    static Path extractBundled(Path cacheDir) {
        ClassLoader loader = FfmpegBinary.class.getClassLoader();
        var url = loader.getResource(JAVE_RESOURCE);
        if (url == null) {
            throw new IllegalStateException("no ffmpeg: FFMPEG_PATH unset, none on PATH, and " + JAVE_RESOURCE
                    + " is not on the class path");
        }
        try {
            Files.createDirectories(cacheDir);
            Path target = cacheDir.resolve("ffmpeg-amd64");
            long expected = url.openConnection().getContentLengthLong();
            if (Files.isExecutable(target) && expected > 0 && Files.size(target) == expected) {
                return target;
            }
            Path tmp = Files.createTempFile(cacheDir, "ffmpeg-", ".part");
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.log(System.Logger.Level.INFO, "extracted bundled ffmpeg to " + target);
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract bundled ffmpeg to " + cacheDir + ": " + e.getMessage(), e);
        }
    }

    static int probeMajorVersion(Path path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(new PumpStreamHandler(out, out));
        executor.setWatchdog(ExecuteWatchdog.builder().setTimeout(VERSION_TIMEOUT).get());
        executor.setExitValues(null);
        CommandLine cmd = new CommandLine(path.toString()).addArgument("-version", false);
        try {
            executor.execute(cmd);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + path + " -version: " + e.getMessage(), e);
        }
        return parseMajorVersion(out.toString(StandardCharsets.UTF_8));
    }

    static int parseMajorVersion(String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
