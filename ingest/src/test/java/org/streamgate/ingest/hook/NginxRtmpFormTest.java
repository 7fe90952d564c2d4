package org.streamgate.ingest.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.streamgate.common.internalapi.RtmpNotification;

/**
 * Golden bodies captured from Debian's nginx 1.22.1 + libnginx-mod-rtmp for
 * {@code ffmpeg -f flv 'rtmp://127.0.0.1:19350/live/key?token=abc=&x=1&sp=a%20b+c;d:e&name=evil&flag'}
 * (NginxRtmpInteropIT re-checks this against the real module on every run).
 */
class NginxRtmpFormTest {

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
        assertEquals(NGINX_PUBLISH, PUBLISH.toFormBody());
    }

    @Test
    void publishDoneBodyIsByteIdenticalToNginxRtmp() {
        assertEquals(NGINX_PUBLISH_DONE, PUBLISH_DONE.toFormBody());
    }

    @Test
    void updateBodyIsByteIdenticalToNginxRtmp() {
        // captured from nginx-rtmp with on_update + notify_update_timeout 1s
        assertEquals("app=live&flashver=FMLE/3.0%20(compatible%3B%20Lavf59.27&swfurl=&tcurl=rtmp://127.0.0.1:19350/live"
                + "&pageurl=&addr=127.0.0.1&clientid=2&call=update_publish&time=1&timestamp=823&name=key&" + ARGS,
                PUBLISH.toUpdateFormBody(1, 823));
    }

    @Test
    void publishDoneWithoutNameOmitsTheField() {
        RtmpNotification n = RtmpNotification.publishDone("live", "", "", "", "", "1.2.3.4", "7", "", "");
        assertEquals("app=live&flashver=&swfurl=&tcurl=&pageurl=&addr=1.2.3.4&clientid=7&call=publish_done",
                n.toFormBody());
    }
}
