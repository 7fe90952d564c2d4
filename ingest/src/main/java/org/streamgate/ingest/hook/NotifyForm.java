package org.streamgate.ingest.hook;

import java.nio.charset.StandardCharsets;

import org.streamgate.common.internalapi.RtmpNotification;

/**
 * The callback body exactly as nginx-rtmp writes it ({@code ngx_rtmp_netcall_http_format_session} plus
 * {@code ngx_rtmp_notify_publish_create} / {@code ngx_rtmp_notify_done_create}): the same fields and order as
 * {@link RtmpNotification#toFormBody()}, but every value escaped with nginx's {@code ngx_escape_uri(NGX_ESCAPE_ARGS)}
 * instead of {@link java.net.URLEncoder}. That escapes only space, {@code # % & + ; ?}, control bytes and bytes
 * above 0x7E, as {@code %XX} with upper-case hex, so {@code rtmp://h:1935/live} stays as is and a space becomes
 * {@code %20}, never {@code +}. A receiver that decodes nginx-rtmp's body decodes this one the same way, and both
 * decode the same with any form decoder. Empty {@code name} is omitted in {@code publish_done}, as nginx-rtmp does.
 * The raw args follow unchanged.
 */
public final class NotifyForm {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String ESCAPED_ASCII = " #%&+;?";

    private NotifyForm() {
    }

    /** The body nginx-rtmp would send for this notification. */
    public static String encode(RtmpNotification n) {
        StringBuilder body = new StringBuilder(256);
        body.append("app=").append(escapeArgs(n.app()))
                .append("&flashver=").append(escapeArgs(n.flashver()))
                .append("&swfurl=").append(escapeArgs(n.swfurl()))
                .append("&tcurl=").append(escapeArgs(n.tcurl()))
                .append("&pageurl=").append(escapeArgs(n.pageurl()))
                .append("&addr=").append(escapeArgs(n.addr()))
                .append("&clientid=").append(escapeArgs(n.clientId()))
                .append("&call=").append(escapeArgs(n.call()));
        boolean publish = RtmpNotification.CALL_PUBLISH.equals(n.call());
        if (publish || !n.name().isEmpty()) {
            body.append("&name=").append(escapeArgs(n.name()));
        }
        if (n.type() != null) {
            body.append("&type=").append(escapeArgs(n.type()));
        }
        if (!n.rawArgs().isEmpty()) {
            body.append('&').append(n.rawArgs());
        }
        return body.toString();
    }

    /**
     * nginx-rtmp's periodic {@code on_update} body for a publisher ({@code ngx_rtmp_notify_update_create}): the
     * session fields of {@code publish}, then {@code call=update_publish}, {@code time} (seconds since publish),
     * {@code timestamp} (the stream's current RTMP timestamp, ms), {@code name} (omitted when empty), the raw args.
     */
    public static String update(RtmpNotification publish, long timeSeconds, long timestampMs) {
        StringBuilder body = new StringBuilder(256);
        body.append("app=").append(escapeArgs(publish.app()))
                .append("&flashver=").append(escapeArgs(publish.flashver()))
                .append("&swfurl=").append(escapeArgs(publish.swfurl()))
                .append("&tcurl=").append(escapeArgs(publish.tcurl()))
                .append("&pageurl=").append(escapeArgs(publish.pageurl()))
                .append("&addr=").append(escapeArgs(publish.addr()))
                .append("&clientid=").append(escapeArgs(publish.clientId()))
                .append("&call=update_publish")
                .append("&time=").append(timeSeconds)
                .append("&timestamp=").append(timestampMs);
        if (!publish.name().isEmpty()) {
            body.append("&name=").append(escapeArgs(publish.name()));
        }
        if (!publish.rawArgs().isEmpty()) {
            body.append('&').append(publish.rawArgs());
        }
        return body.toString();
    }

    /** nginx's {@code ngx_escape_uri(..., NGX_ESCAPE_ARGS)} over the UTF-8 bytes of {@code value}. */
    public static String escapeArgs(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c < 0x20 || c > 0x7E || ESCAPED_ASCII.indexOf(c) >= 0) {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }
}
