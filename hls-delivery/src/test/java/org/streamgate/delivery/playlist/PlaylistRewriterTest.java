package org.streamgate.delivery.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlaylistRewriterTest {

    @Test
    void rewritesUriLinesAndUriAttributesKeepingLineEndings() {
        String in = "#EXTM3U\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"audio/index.m3u8\"\r\n"
                + "#EXTINF:2,\r\nseg/0.m4s?v=2\r\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"p.m4s\"\r\n/streams/ev1/1.m4s\r\n";
        String out = PlaylistRewriter.rewrite(in, "token", "a.b.c");
        assertEquals("#EXTM3U\r\n#EXT-X-MAP:URI=\"init.mp4?token=a.b.c\"\r\n"
                + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"audio/index.m3u8?token=a.b.c\"\r\n"
                + "#EXTINF:2,\r\nseg/0.m4s?v=2&token=a.b.c\r\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"p.m4s?token=a.b.c\"\r\n"
                + "/streams/ev1/1.m4s?token=a.b.c\r\n", out);
    }

    @Test
    void leavesAbsoluteUrisCommentsAndExistingTokensAlone() {
        String in = "#EXTM3U\n# a comment with URI=\"x\"\nhttps://other.example.com/0.ts\n//cdn.example.com/1.ts\n2.ts?token=old\n3.ts#frag";
        String out = PlaylistRewriter.rewrite(in, "token", "T");
        assertEquals("#EXTM3U\n# a comment with URI=\"x\"\nhttps://other.example.com/0.ts\n//cdn.example.com/1.ts\n2.ts?token=old\n3.ts?token=T#frag", out);
    }

    @Test
    void detectsEndList() {
        assertTrue(PlaylistRewriter.isEnded("#EXTM3U\n#EXTINF:2,\n0.ts\n#EXT-X-ENDLIST\n"));
        assertTrue(PlaylistRewriter.isEnded("#EXTM3U\r\n#EXT-X-ENDLIST"));
        assertFalse(PlaylistRewriter.isEnded("#EXTM3U\n#EXTINF:2,\n0.ts\n"));
        assertFalse(PlaylistRewriter.isEnded("#EXTM3U\n#EXT-X-ENDLISTX\n"));
    }
}
