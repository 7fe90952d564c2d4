package org.streamgate.delivery.path;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.streamgate.delivery.http.ApiException;

/**
 * A request path under {@code /streams/}, decoded exactly once and normalised, or refused (DESIGN §3.4).
 *
 * <p>Refused with 400 {@code bad_path}: encoded separators or percent signs ({@code %2f %5c %25}, so nothing can be
 * double-decoded), NUL and other control characters, backslashes, empty, {@code .} and {@code ..} segments, and
 * characters outside a conservative file-name alphabet. Refused with 404: anything that is not a served file type.
 * Nothing here touches the file system; {@link StreamFiles} confirms the real path.
 *
 * @param eventId      first segment after {@code /streams/}
 * @param relativePath the rest, {@code /}-separated, never empty, never starting with {@code /}
 * @param kind         what the extension says the file is
 */
public record StreamPath(String eventId, String relativePath, MediaKind kind) {

    public static final String PREFIX = "/streams/";
    /** Longest path we look at; real ones are under 100 characters. */
    public static final int MAX_RAW_LENGTH = 1024;
    private static final int MAX_SEGMENT_LENGTH = 128;

    /** @param rawPath the path exactly as it arrived, still percent-encoded, without the query */
    public static StreamPath parse(String rawPath) {
        if (rawPath == null || rawPath.length() > MAX_RAW_LENGTH || !rawPath.startsWith(PREFIX)) {
            throw bad("path is not a stream path");
        }
        String decoded = decodeOnce(rawPath.substring(PREFIX.length()));
        String[] segments = decoded.split("/", -1);
        if (segments.length < 2) {
            throw bad("path names no file");
        }
        for (String segment : segments) {
            checkSegment(segment);
        }
        String fileName = segments[segments.length - 1];
        MediaKind kind = MediaKind.of(fileName).orElseThrow(() -> new ApiException(404, "not_found", "not a stream file type"));
        return new StreamPath(segments[0], decoded.substring(segments[0].length() + 1), kind);
    }

    /** The normalised absolute path, the form token claims are compared with. */
    public String normalised() {
        return PREFIX + eventId + "/" + relativePath;
    }

    /** The directory part of {@link #relativePath()}, empty or ending in {@code /}. */
    public String relativeDirectory() {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? "" : relativePath.substring(0, slash + 1);
    }

    private static void checkSegment(String segment) {
        if (segment.isEmpty()) {
            throw bad("empty path segment");
        }
        if (segment.charAt(0) == '.') {
            throw bad("path segment starts with a dot");
        }
        if (segment.length() > MAX_SEGMENT_LENGTH) {
            throw bad("path segment too long");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '@' || c == '=' || c == ',';
            if (!ok) {
                throw bad("path contains a character that is not allowed");
            }
        }
    }

    /** Percent-decodes once; an encoded {@code /}, {@code \}, {@code %} or control character is refused outright. */
    private static String decodeOnce(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                if (c > 0x7f) {
                    throw bad("path is not ASCII");
                }
                bytes.write(c);
                continue;
            }
            if (i + 2 >= raw.length()) {
                throw bad("truncated percent escape");
            }
            int hi = Character.digit(raw.charAt(i + 1), 16);
            int lo = Character.digit(raw.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                throw bad("invalid percent escape");
            }
            int b = hi << 4 | lo;
            if (b == '/' || b == '\\' || b == '%' || b < 0x20 || b == 0x7f) {
                throw bad("encoded separator, percent sign or control character");
            }
            bytes.write(b);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad("path is not UTF-8");
        }
    }

    private static ApiException bad(String message) {
        return ApiException.badRequest("bad_path", message);
    }
}
