package org.streamgate.delivery.playlist;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Appends the query token to every URI of a playlist (DESIGN §3.4), so players that cannot send headers (Safari's
 * native player, VLC, ffmpeg) carry it on each follow-up request: URI lines (media playlists, segments) and
 * {@code URI="..."} attributes of tags ({@code EXT-X-KEY}, {@code EXT-X-MAP}, {@code EXT-X-MEDIA},
 * {@code EXT-X-I-FRAME-STREAM-INF}, {@code EXT-X-PART}, {@code EXT-X-PRELOAD-HINT}, ...).
 *
 * <p>Only relative URIs are rewritten: an absolute URI pointing at another host never receives the token. A URI
 * that already has the parameter is left alone.
 *
 * <p>Concurrency: stateless.
 */
public final class PlaylistRewriter {

    private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private PlaylistRewriter() {
    }

    /** Whether the playlist is finished ({@code #EXT-X-ENDLIST}): it never changes again and may be cached. */
    public static boolean isEnded(String playlist) {
        int at = playlist.indexOf("#EXT-X-ENDLIST");
        while (at >= 0) {
            boolean lineStart = at == 0 || playlist.charAt(at - 1) == '\n';
            int end = at + "#EXT-X-ENDLIST".length();
            boolean lineEnd = end == playlist.length() || playlist.charAt(end) == '\n' || playlist.charAt(end) == '\r'
                    || playlist.charAt(end) == ' ' || playlist.charAt(end) == '\t';
            if (lineStart && lineEnd) {
                return true;
            }
            at = playlist.indexOf("#EXT-X-ENDLIST", end);
        }
        return false;
    }

    /**
     * @param param the query parameter the token came in ({@code token} or {@code __token})
     * @param token the token exactly as presented
     */
    public static String rewrite(String playlist, String param, String token) {
        String suffix = param + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(playlist.length() + 64 * (1 + playlist.length() / 64));
        int start = 0;
        while (start < playlist.length()) {
            int newline = playlist.indexOf('\n', start);
            int end = newline < 0 ? playlist.length() : newline;
            String line = playlist.substring(start, end);
            String body = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            String eol = line.substring(body.length()) + (newline < 0 ? "" : "\n");
            out.append(rewriteLine(body, param, suffix)).append(eol);
            start = end + 1;
        }
        return out.toString();
    }

    private static String rewriteLine(String line, String param, String suffix) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return line;
        }
        if (trimmed.startsWith("#")) {
            if (!trimmed.startsWith("#EXT") || !trimmed.contains("URI=\"")) {
                return line;
            }
            Matcher m = URI_ATTRIBUTE.matcher(line);
            StringBuilder sb = new StringBuilder(line.length() + suffix.length() + 1);
            while (m.find()) {
                m.appendReplacement(sb, Matcher.quoteReplacement("URI=\"" + withToken(m.group(1), param, suffix) + "\""));
            }
            m.appendTail(sb);
            return sb.toString();
        }
        return withToken(trimmed, param, suffix);
    }

    static String withToken(String uri, String param, String suffix) {
        if (uri.isEmpty() || SCHEME.matcher(uri).find() || uri.startsWith("//")) {
            return uri;
        }
        int hash = uri.indexOf('#');
        String fragment = hash < 0 ? "" : uri.substring(hash);
        String base = hash < 0 ? uri : uri.substring(0, hash);
        int q = base.indexOf('?');
        if (q >= 0) {
            String query = base.substring(q + 1);
            for (String pair : query.split("&")) {
                if (pair.equals(param) || pair.startsWith(param + "=")) {
                    return uri;
                }
            }
            return base + (query.isEmpty() ? "" : "&") + suffix + fragment;
        }
        return base + "?" + suffix + fragment;
    }
}
