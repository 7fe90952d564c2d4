package org.streamgate.ingest.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.streamgate.common.internalapi.RtmpNotification;

/**
 * Golden bodies captured from Debian's nginx 1.22.1 + libnginx-mod-rtmp for
 * {@code ffmpeg -f flv 'rtmp://127.0.0.1:19350/live/key?token=abc=&x=1&sp=a%20b+c;d:e&name=evil&flag'}
 * (NginxRtmpInteropIT re-checks this against the real module on every run).
 */
class NotifyFormTest {

    private static final String ARGS = "token=abc=&x=1&sp=a%20b+c;d:e&name=evil&flag";
    /** nginx-rtmp keeps 31 bytes of flashVer; ffmpeg 5.1 sends {@code FMLE/3.0 (compatible; Lavf59.27.100)}. */
    private static final String FLASHVER = "FMLE/3.0 (compatible; Lavf59.27";

    private static final String NGINX_PUBLISH = "app=live&flashver=FMLE/3.0%20(compatible%3B%20Lavf59.27&swfurl="
            + "&tcurl=rtmp://127.0.0.1:19350/live&pageurl=&addr=127.0.0.1&clientid=2&call=publish&name=key&type=live&"
            + ARGS;
    private static final String NGINX_PUBLISH_DONE = "app=live&flashver=FMLE/3.0%20(compatible%3B%20Lavf59.27"
            + "&swfurl=&tcurl=rtmp://127.0.0.1:19350/live&pageurl=&addr=127.0.0.1&clientid=2&call=publish_done"
            + "&name=key&" + ARGS;

    private static final RtmpNotification PUBLISH = RtmpNotification.publish("live", FLASHVER, "",
            "rtmp://127.0.0.1:19350/live", "", "127.0.0.1", "2", "key", ARGS);
    private static final RtmpNotification PUBLISH_DONE = RtmpNotification.publishDone("live", FLASHVER, "",
            "rtmp://127.0.0.1:19350/live", "", "127.0.0.1", "2", "key", ARGS);

    @Test
    void publishBodyIsByteIdenticalToNginxRtmp() {
        assertEquals(NGINX_PUBLISH, NotifyForm.encode(PUBLISH));
    }

    @Test
    void publishDoneBodyIsByteIdenticalToNginxRtmp() {
        assertEquals(NGINX_PUBLISH_DONE, NotifyForm.encode(PUBLISH_DONE));
    }

    @Test
    void updateBodyIsByteIdenticalToNginxRtmp() {
        // captured from nginx-rtmp with on_update + notify_update_timeout 1s
        assertEquals("app=live&flashver=FMLE/3.0%20(compatible%3B%20Lavf59.27&swfurl=&tcurl=rtmp://127.0.0.1:19350/live"
                + "&pageurl=&addr=127.0.0.1&clientid=2&call=update_publish&time=1&timestamp=823&name=key&" + ARGS,
                NotifyForm.update(PUBLISH, 1, 823));
    }

    @Test
    void publishDoneWithoutNameOmitsTheField() {
        RtmpNotification n = RtmpNotification.publishDone("live", "", "", "", "", "1.2.3.4", "7", "", "");
        assertEquals("app=live&flashver=&swfurl=&tcurl=&pageurl=&addr=1.2.3.4&clientid=7&call=publish_done",
                NotifyForm.encode(n));
    }

    @Test
    void escapesLikeNgxEscapeUriArgs() {
        assertEquals("a%20b%23c%25d%26e%2Bf%3Bg%3Fh/i:j=k(l)m~n", NotifyForm.escapeArgs("a b#c%d&e+f;g?h/i:j=k(l)m~n"));
        assertEquals("%0A%7F%C3%A9", NotifyForm.escapeArgs("\n\u007fé"));
    }

    /**
     * Documents how common's {@link RtmpNotification#toFormBody()} differs from nginx-rtmp: same fields, same order,
     * same raw args, but {@link java.net.URLEncoder} escaping ({@code /}, {@code :}, {@code (}, {@code )} escaped,
     * space as {@code +}). Both decode to the same values, which is why ingest sends {@link NotifyForm} instead.
     */
    @Test
    void commonFormBodyDiffersFromNginxOnlyInEscaping() {
        String common = PUBLISH.toFormBody();
        assertNotEquals(NGINX_PUBLISH, common);
        assertEquals("app=live&flashver=FMLE%2F3.0+%28compatible%3B+Lavf59.27&swfurl="
                + "&tcurl=rtmp%3A%2F%2F127.0.0.1%3A19350%2Flive&pageurl=&addr=127.0.0.1&clientid=2&call=publish"
                + "&name=key&type=live&" + ARGS, common);
        assertEquals(RtmpNotification.parseForm(NGINX_PUBLISH), RtmpNotification.parseForm(common));
        assertEquals(RtmpNotification.parseForm(NGINX_PUBLISH_DONE), RtmpNotification.parseForm(
                PUBLISH_DONE.toFormBody()));
    }
}
