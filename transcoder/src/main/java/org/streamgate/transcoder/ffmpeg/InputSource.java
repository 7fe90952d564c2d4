package org.streamgate.transcoder.ffmpeg;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The FFmpeg input of a job, as the platform gave it. It is the only untyped string that reaches the command
 * line, so it is checked here: no leading dash (it would be read as an option), no control characters, and a
 * local file (an upload) must be named by an absolute path or a {@code file:} URL. Anything without a
 * {@code scheme://} prefix is taken for a file, so FFmpeg pseudo-protocols such as {@code pipe:} or
 * {@code concat:} are refused as relative paths.
 *
 * @param url the input URL or local file path
 */
public record InputSource(String url) {

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://");
    private static final int MAX_LENGTH = 4096;

    /** How the input behaves, which decides the input options and what an exit with status 0 means. */
    public enum Kind {
        /** RTMP pull (from ingest): live, may drop and come back. */
        RTMP,
        /** Any other network protocol (SRT, HLS, TCP, UDP, HTTP): treated as live. */
        NETWORK,
        /** A local file: read once, as fast as possible; exit 0 means done. */
        FILE
    }

    public InputSource {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("field input must be a non-empty string");
        }
        if (url.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("field input is longer than " + MAX_LENGTH + " characters");
        }
        if (url.startsWith("-")) {
            throw new IllegalArgumentException("field input must not start with '-'");
        }
        for (int i = 0; i < url.length(); i++) {
            if (Character.isISOControl(url.charAt(i))) {
                throw new IllegalArgumentException("field input must not contain control characters");
            }
        }
        if (kindOf(url) == Kind.FILE) {
            localPath(url);
        }
    }

    public Kind kind() {
        return kindOf(url);
    }

    /** The local file of a {@link Kind#FILE} input (absolute, normalised); empty for network inputs. */
    public Optional<Path> file() {
        return kind() == Kind.FILE ? Optional.of(localPath(url)) : Optional.empty();
    }

    /** What goes after FFmpeg's {@code -i}: the URL as given, or the absolute path of a file input. */
    public String ffmpegInput() {
        return file().map(Path::toString).orElse(url);
    }

    private static Kind kindOf(String url) {
        if (url.regionMatches(true, 0, "file:", 0, 5)) {
            return Kind.FILE;
        }
        var m = SCHEME.matcher(url);
        if (!m.find()) {
            return Kind.FILE;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "rtmp", "rtmps", "rtmpt", "rtmpe", "rtmpte", "rtmpts" -> Kind.RTMP;
            case "file" -> Kind.FILE;
            default -> Kind.NETWORK;
        };
    }

    private static Path localPath(String url) {
        Path path;
        if (url.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                path = Path.of(URI.create(url));
            } catch (IllegalArgumentException | FileSystemNotFoundException e) {
                throw new IllegalArgumentException("field input is not a valid file: URL (file:///absolute/path)");
            }
        } else {
            path = Path.of(url);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("field input must be a scheme://... URL, an absolute file path or a"
                    + " file: URL");
        }
        return path.normalize();
    }

    /**
     * The URL safe for logs: the last path segment (the RTMP stream key, or a token in other URLs), any query
     * and any user info are replaced with {@code ****}.
     */
    public String masked() {
        return mask(url);
    }

    /** Replaces every occurrence of the raw URL in {@code text} (an FFmpeg log line) with the masked form. */
    public String maskIn(String text) {
        return text.contains(url) ? text.replace(url, masked()) : text;
    }

    static String mask(String url) {
        String s = url;
        int q = s.indexOf('?');
        if (q >= 0) {
            s = s.substring(0, q) + "?****";
        }
        var m = SCHEME.matcher(s);
        if (!m.find()) {
            return s;
        }
        int authorityStart = m.end();
        int pathStart = s.indexOf('/', authorityStart);
        String authority = pathStart < 0 ? s.substring(authorityStart) : s.substring(authorityStart, pathStart);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = "****@" + authority.substring(at + 1);
        }
        String rest = pathStart < 0 ? "" : s.substring(pathStart);
        String query = "";
        int rq = rest.indexOf('?');
        if (rq >= 0) {
            query = rest.substring(rq);
            rest = rest.substring(0, rq);
        }
        int lastSlash = rest.lastIndexOf('/');
        if (lastSlash >= 0 && lastSlash < rest.length() - 1 && lastSlash > 0) {
            rest = rest.substring(0, lastSlash + 1) + "****";
        }
        return s.substring(0, authorityStart) + authority + rest + query;
    }
}
