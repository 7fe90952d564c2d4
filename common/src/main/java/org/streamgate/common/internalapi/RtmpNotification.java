package org.streamgate.common.internalapi;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An nginx-rtmp notify callback (DESIGN §3.6): what ingest sends on publish and publish_done, and what the platform
 * parses. The form body has nginx-rtmp's fields in nginx-rtmp's order, then the raw query args of the stream name.
 *
 * @param call    {@code publish} or {@code publish_done}
 * @param type    {@code live} for publish, {@code null} for publish_done (nginx-rtmp omits it there)
 * @param rawArgs the stream name's query string, forwarded unchanged (may be empty)
 */
public record RtmpNotification(String call,
                               String app,
                               String flashver,
                               String swfurl,
                               String tcurl,
                               String pageurl,
                               String addr,
                               String clientId,
                               String name,
                               String type,
                               String rawArgs) {

    public static final String CALL_PUBLISH = "publish";
    public static final String CALL_PUBLISH_DONE = "publish_done";

    public RtmpNotification {
        Objects.requireNonNull(call, "call");
        app = nullToEmpty(app);
        flashver = nullToEmpty(flashver);
        swfurl = nullToEmpty(swfurl);
        tcurl = nullToEmpty(tcurl);
        pageurl = nullToEmpty(pageurl);
        addr = nullToEmpty(addr);
        clientId = nullToEmpty(clientId);
        name = nullToEmpty(name);
        rawArgs = nullToEmpty(rawArgs);
    }

    public static RtmpNotification publish(String app, String flashver, String swfurl, String tcurl, String pageurl,
                                           String addr, String clientId, String name, String rawArgs) {
        return new RtmpNotification(CALL_PUBLISH, app, flashver, swfurl, tcurl, pageurl, addr, clientId, name,
                "live", rawArgs);
    }

    public static RtmpNotification publishDone(String app, String flashver, String swfurl, String tcurl, String pageurl,
                                               String addr, String clientId, String name, String rawArgs) {
        return new RtmpNotification(CALL_PUBLISH_DONE, app, flashver, swfurl, tcurl, pageurl, addr, clientId, name,
                null, rawArgs);
    }

    /** Shorthand for {@link StreamName#parse(String)}. */
    public static StreamName splitStreamName(String nameWithArgs) {
        return StreamName.parse(nameWithArgs);
    }

    /** The {@code application/x-www-form-urlencoded} body, in nginx-rtmp's field order. */
    public String toFormBody() {
        StringBuilder body = new StringBuilder(256);
        field(body, "app", app);
        field(body, "flashver", flashver);
        field(body, "swfurl", swfurl);
        field(body, "tcurl", tcurl);
        field(body, "pageurl", pageurl);
        field(body, "addr", addr);
        field(body, "clientid", clientId);
        field(body, "call", call);
        field(body, "name", name);
        if (type != null) {
            field(body, "type", type);
        }
        if (!rawArgs.isEmpty()) {
            body.append('&').append(rawArgs);
        }
        return body.toString();
    }

    /**
     * Parses a callback body. Where a field appears twice the first one counts (a stream name's args may try to
     * smuggle a second {@code name=}); every pair after the standard fields is kept, raw, in {@link #rawArgs()}.
     *
     * @throws IllegalArgumentException if {@code call} is missing or the body is not form-encoded
     */
    public static RtmpNotification parseForm(String body) {
        String app = null, flashver = null, swfurl = null, tcurl = null, pageurl = null, addr = null;
        String clientId = null, call = null, name = null, type = null;
        List<String> extra = new ArrayList<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (key) {
                    case "app" -> app = first(app, value);
                    case "flashver" -> flashver = first(flashver, value);
                    case "swfurl" -> swfurl = first(swfurl, value);
                    case "tcurl" -> tcurl = first(tcurl, value);
                    case "pageurl" -> pageurl = first(pageurl, value);
                    case "addr" -> addr = first(addr, value);
                    case "clientid" -> clientId = first(clientId, value);
                    case "call" -> call = first(call, value);
                    case "name" -> {
                        if (name == null) {
                            name = value;
                        } else {
                            extra.add(pair);
                        }
                    }
                    case "type" -> type = first(type, value);
                    default -> extra.add(pair);
                }
            }
        }
        if (call == null || call.isEmpty()) {
            throw new IllegalArgumentException("field call is missing");
        }
        return new RtmpNotification(call, app, flashver, swfurl, tcurl, pageurl, addr, clientId, name, type,
                String.join("&", extra));
    }

    private static String first(String current, String value) {
        return current == null ? value : current;
    }

    private static void field(StringBuilder body, String key, String value) {
        if (!body.isEmpty()) {
            body.append('&');
        }
        body.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
