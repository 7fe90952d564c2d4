package org.streamgate.transcoder.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaPlaylistTest {

    static final String FFMPEG_OUTPUT = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:7
            #EXTINF:2.000000,
            #EXT-X-PROGRAM-DATE-TIME:2026-12-02T06:40:24.421+0000
            7.ts
            #EXTINF:1.000000,
            #EXT-X-PROGRAM-DATE-TIME:2026-12-02T07:40:26.421+0100
            8.ts
            #EXT-X-ENDLIST
            """;

    @Test
    void parsesWhatFfmpegWrites() {
        MediaPlaylist p = MediaPlaylist.parse(FFMPEG_OUTPUT);
        assertEquals(2, p.targetDuration());
        assertEquals(7, p.mediaSequence());
        assertTrue(p.endList());
        assertEquals(List.of("7.ts", "8.ts"), p.segments().stream().map(Segment::uri).toList());
        assertEquals(Instant.parse("2026-12-02T06:40:24.421Z"), p.segments().get(0).programDateTime().orElseThrow());
        assertEquals(Instant.parse("2026-12-02T06:40:26.421Z"), p.segments().get(1).programDateTime().orElseThrow());
        assertEquals(7, p.segments().get(0).number());
    }

    @Test
    void rendersProgramDateTimeOnEverySegmentAndRoundTrips() {
        Instant t = Instant.parse("2026-01-01T00:00:00.5Z");
        MediaPlaylist p = new MediaPlaylist(2, 0, List.of(
                new Segment("0.ts", 2.0, Optional.of(t), false),
                new Segment("1.ts", 2.0, Optional.of(t.plusSeconds(2)), false),
                new Segment("5.ts", 1.5, Optional.of(t.plusSeconds(9)), true)), false);
        String text = p.render();
        assertTrue(text.contains("#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.500Z\n#EXTINF:2.000000,\n0.ts"), text);
        assertTrue(text.contains("#EXT-X-PLAYLIST-TYPE:EVENT"));
        assertFalse(text.contains("ENDLIST"));
        assertEquals(1, text.split("#EXT-X-DISCONTINUITY\n", -1).length - 1);
        assertEquals(p, MediaPlaylist.parse(text));

        String vod = new MediaPlaylist(2, 0, p.segments(), true).render();
        assertTrue(vod.contains("#EXT-X-PLAYLIST-TYPE:VOD"));
        assertTrue(vod.endsWith("#EXT-X-ENDLIST\n"));
    }

    @Test
    void rejectsBrokenPlaylistsNamingTheLine() {
        assertThrows(PlaylistFormatException.class, () -> MediaPlaylist.parse("#EXTINF:2,\n0.ts\n"));
        var e = assertThrows(PlaylistFormatException.class, () -> MediaPlaylist.parse("#EXTM3U\n0.ts\n"));
        assertTrue(e.getMessage().startsWith("line 2"), e.getMessage());
        assertThrows(PlaylistFormatException.class, () -> MediaPlaylist.parse("#EXTM3U\n#EXTINF:abc,\n0.ts\n"));
        assertThrows(PlaylistFormatException.class,
                () -> MediaPlaylist.parse("#EXTM3U\n#EXT-X-PROGRAM-DATE-TIME:yesterday\n#EXTINF:2,\n0.ts\n"));
    }

    @Test
    void targetDurationIsRoundedUpButNotBelowTheSegmentLength() {
        List<Segment> s = List.of(new Segment("0.ts", 2.0, Optional.empty(), false),
                new Segment("1.ts", 4.004, Optional.empty(), false));
        assertEquals(5, MediaPlaylist.targetDurationFor(s, 2));
        assertEquals(6, MediaPlaylist.targetDurationFor(s.subList(0, 1), 6));
        assertEquals(2, MediaPlaylist.targetDurationFor(List.of(new Segment("0.ts", 2.0004, Optional.empty(), false)), 1));
    }
}
