package org.streamgate.common.internalapi;

import java.net.URLDecoder;
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

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String NGINX_ESCAPED_ASCII = " #%&+;?";

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

    /**
     * The {@code application/x-www-form-urlencoded} body byte for byte as nginx-rtmp writes it
     * ({@code ngx_rtmp_netcall_http_format_session} + {@code ngx_rtmp_notify_publish_create} /
     * {@code ngx_rtmp_notify_done_create}): its fields in its order, each value escaped by {@link #escapeArgs}, an
     * empty {@code name} left out of {@code publish_done}, then the raw args unchanged.
     */
    public String toFormBody() {
        StringBuilder body = sessionFields();
        body.append("&call=").append(escapeArgs(call));
        if (CALL_PUBLISH.equals(call) || !name.isEmpty()) {
            body.append("&name=").append(escapeArgs(name));
        }
        if (type != null) {
            body.append("&type=").append(escapeArgs(type));
        }
        appendRawArgs(body);
        return body.toString();
    }

    /**
     * nginx-rtmp's periodic {@code on_update} body for this publish ({@code ngx_rtmp_notify_update_create}): the
     * session fields, {@code call=update_publish}, {@code time} (seconds since publish), {@code timestamp} (the
     * stream's RTMP timestamp in ms), {@code name} (left out when empty), the raw args.
     */
    public String toUpdateFormBody(long timeSeconds, long timestampMs) {
        StringBuilder body = sessionFields();
        body.append("&call=update_publish&time=").append(timeSeconds).append("&timestamp=").append(timestampMs);
        if (!name.isEmpty()) {
            body.append("&name=").append(escapeArgs(name));
        }
        appendRawArgs(body);
        return body.toString();
    }

    /**
     * nginx's {@code ngx_escape_uri(NGX_ESCAPE_ARGS)} over the UTF-8 bytes of {@code value}: only space,
     * {@code # % & + ; ?}, control bytes and bytes above 0x7E become {@code %XX} (upper-case hex), so
     * {@code rtmp://h/live} stays as is and a space is {@code %20}, never {@code +}. Any form decoder reads it back.
     */
    public static String escapeArgs(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c < 0x20 || c > 0x7E || NGINX_ESCAPED_ASCII.indexOf(c) >= 0) {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private StringBuilder sessionFields() {
        return new StringBuilder(256)
                .append("app=").append(escapeArgs(app))
                .append("&flashver=").append(escapeArgs(flashver))
                .append("&swfurl=").append(escapeArgs(swfurl))
                .append("&tcurl=").append(escapeArgs(tcurl))
                .append("&pageurl=").append(escapeArgs(pageurl))
                .append("&addr=").append(escapeArgs(addr))
                .append("&clientid=").append(escapeArgs(clientId));
    }

    private void appendRawArgs(StringBuilder body) {
        if (!rawArgs.isEmpty()) {
            body.append('&').append(rawArgs);
        }
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

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
