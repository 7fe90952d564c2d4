package org.streamgate.common.internalapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RtmpNotificationTest {

    @Test
    void publishBodyHasNginxRtmpFieldOrderThenRawArgs() {
        StreamName stream = StreamName.parse("key123?token=abc=");
        String body = RtmpNotification.publish("live", "FMLE/3.0", "", "rtmp://127.0.0.1:1935/live", "",
                "127.0.0.1", "7", stream.name(), stream.rawArgs()).toFormBody();
        assertEquals("app=live&flashver=FMLE/3.0&swfurl=&tcurl=rtmp://127.0.0.1:1935/live&pageurl="
                + "&addr=127.0.0.1&clientid=7&call=publish&name=key123&type=live&token=abc=", body);
    }

    @Test
    void publishDoneHasNoType() {
        String body = RtmpNotification.publishDone("live", "", "", "", "", "1.2.3.4", "9", "k", "").toFormBody();
        assertEquals("app=live&flashver=&swfurl=&tcurl=&pageurl=&addr=1.2.3.4&clientid=9&call=publish_done&name=k", body);
    }

    @Test
    void publishDoneWithoutNameLeavesTheFieldOut() {
        String body = RtmpNotification.publishDone("live", "", "", "", "", "1.2.3.4", "7", "", "").toFormBody();
        assertEquals("app=live&flashver=&swfurl=&tcurl=&pageurl=&addr=1.2.3.4&clientid=7&call=publish_done", body);
    }

    @Test
    void escapesLikeNginxEscapeUriArgs() {
        assertEquals("a%20b%23c%25d%26e%2Bf%3Bg%3Fh/i:j=k(l)m~n",
                RtmpNotification.escapeArgs("a b#c%d&e+f;g?h/i:j=k(l)m~n"));
        assertEquals("%0A%7F%C3%A9", RtmpNotification.escapeArgs("\n\u007f\u00e9"));
    }

    @Test
    void parseRoundTrips() {
        RtmpNotification sent = RtmpNotification.publish("live", "FMLE/3.0", "", "rtmp://h/live", "", "10.0.0.1", "3",
                "key", "flag&x=1");
        RtmpNotification back = RtmpNotification.parseForm(sent.toFormBody());
        assertEquals(sent, back);
    }

    @Test
    void firstNameWinsWhenArgsSmuggleASecondOne() {
        StreamName stream = StreamName.parse("realkey?x=1&name=evil");
        String body = RtmpNotification.publish("live", "", "", "", "", "1.1.1.1", "1", stream.name(), stream.rawArgs())
                .toFormBody();
        RtmpNotification parsed = RtmpNotification.parseForm(body);
        assertEquals("realkey", parsed.name());
        assertEquals("x=1&name=evil", parsed.rawArgs());
    }

    @Test
    void streamNameWithoutArgs() {
        assertEquals(new StreamName("abc", ""), StreamName.parse("abc"));
        assertEquals(new StreamName("abc", "flag"), StreamName.parse("abc?flag"));
        assertEquals(new StreamName("", ""), StreamName.parse(null));
    }

    @Test
    void missingCallIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RtmpNotification.parseForm("app=live&name=x"));
        assertThrows(IllegalArgumentException.class, () -> RtmpNotification.parseForm(""));
    }

    @Test
    void nginxDebianPublishDoneParses() {
        RtmpNotification n = RtmpNotification.parseForm(
                "app=live&flashver=LNX%209%2C0%2C124%2C2&swfurl=&tcurl=rtmp%3A%2F%2Fh%2Flive&pageurl=&addr=127.0.0.1"
                        + "&clientid=12&call=publish_done&name=key");
        assertEquals(RtmpNotification.CALL_PUBLISH_DONE, n.call());
        assertEquals("LNX 9,0,124,2", n.flashver());
        assertNull(n.type());
    }
}
