package org.streamgate.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class GopCacheTest {

    private static final byte AVC_KEY = 0x17;
    private static final byte AVC_INTER = 0x27;
    private static final byte AAC = (byte) 0xAF;

    private final GopCache cache = new GopCache();

    private static byte[] avc(byte header, int packetType, int size) {
        byte[] b = new byte[Math.max(2, size)];
        b[0] = header;
        b[1] = (byte) packetType;
        return b;
    }

    private static byte[] aac(int packetType) {
        return new byte[] {AAC, (byte) packetType, 1, 2, 3};
    }

    @Test
    void keepsTheGopSinceTheLastKeyframeWithItsTimestamps() {
        cache.video(0, avc(AVC_KEY, 0, 40)); // decoder configuration: not cached, Red5 sends it itself
        cache.audio(0, aac(0));               // AAC config: same
        cache.video(0, avc(AVC_KEY, 1, 100));
        cache.audio(10, aac(1));
        cache.video(33, avc(AVC_INTER, 1, 20));
        cache.video(2000, avc(AVC_KEY, 1, 100));
        cache.audio(2010, aac(1));
        cache.video(2033, avc(AVC_INTER, 1, 20));

        List<GopCache.Packet> gop = cache.packets();
        assertEquals(List.of(2000, 2010, 2033), gop.stream().map(GopCache.Packet::timestamp).toList());
        assertTrue(gop.get(0).video());
        assertEquals(AVC_KEY, gop.get(0).data()[0]);
        assertFalse(gop.get(1).video());
    }

    @Test
    void keepsNothingBeforeTheFirstKeyframe() {
        cache.audio(0, aac(1));
        cache.video(33, avc(AVC_INTER, 1, 20));
        assertEquals(0, cache.size());
    }

    @Test
    void aNewDecoderConfigurationOrAnotherCodecEmptiesIt() {
        cache.video(0, avc(AVC_KEY, 1, 100));
        cache.video(40, avc(AVC_KEY, 0, 40));
        assertEquals(0, cache.size());
        cache.video(80, avc(AVC_INTER, 1, 20));
        assertEquals(0, cache.size(), "a frame after a new configuration needs its own keyframe");

        cache.video(100, avc(AVC_KEY, 1, 100));
        cache.video(133, new byte[] {0x12, 0}); // Sorenson H.263
        assertEquals(0, cache.size());
    }

    @Test
    void aGopTooLongToReplayIsDroppedUntilTheNextKeyframe() {
        cache.video(0, avc(AVC_KEY, 1, 100));
        for (int i = 1; i < GopCache.MAX_VIDEO_FRAMES; i++) {
            cache.video(i, avc(AVC_INTER, 1, 10));
        }
        assertEquals(GopCache.MAX_VIDEO_FRAMES, cache.size());
        cache.video(GopCache.MAX_VIDEO_FRAMES, avc(AVC_INTER, 1, 10));
        assertEquals(0, cache.size());
        cache.video(GopCache.MAX_VIDEO_FRAMES + 1, avc(AVC_INTER, 1, 10));
        assertEquals(0, cache.size());
        cache.video(GopCache.MAX_VIDEO_FRAMES + 2, avc(AVC_KEY, 1, 100));
        assertEquals(1, cache.size());
    }

    @Test
    void aGopOverTheByteLimitIsDropped() {
        cache.video(0, avc(AVC_KEY, 1, 100));
        cache.video(33, avc(AVC_INTER, 1, (int) GopCache.MAX_BYTES));
        assertEquals(0, cache.size());
    }
}
