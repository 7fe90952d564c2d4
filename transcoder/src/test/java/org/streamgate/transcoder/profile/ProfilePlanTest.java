package org.streamgate.transcoder.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.streamgate.transcoder.ffmpeg.StreamInfo;

class ProfilePlanTest {

    private static StreamInfo video(int w, int h) {
        return new StreamInfo("h264", "High", w, h, 30, "aac", "LC", 0);
    }

    @Test
    void ladderIsCappedAtTheSourceHeight() {
        assertEquals(List.of("1080p", "720p", "480p", "360p"), names(ProfilePlan.abr(ProfilePlan.DEFAULT_LADDER, video(1920, 1080))));
        assertEquals(List.of("720p", "480p", "360p"), names(ProfilePlan.abr(ProfilePlan.DEFAULT_LADDER, video(1280, 720))));
        assertEquals(List.of("240p"), names(ProfilePlan.abr(ProfilePlan.DEFAULT_LADDER, video(426, 241))));
    }

    @Test
    void widthKeepsAspectAndIsEven() {
        Rendition r720 = ProfilePlan.DEFAULT_LADDER.get(1);
        assertEquals(1280, r720.widthFor(1920, 1080));
        assertEquals(960, r720.widthFor(1440, 1080));
        assertEquals(1280, r720.widthFor(0, 0));
    }

    @Test
    void abrNeedsVideo() {
        assertThrows(IllegalArgumentException.class,
                () -> ProfilePlan.abr(ProfilePlan.DEFAULT_LADDER, new StreamInfo("", "", 0, 0, 0, "aac", "LC", 0)));
    }

    private static List<String> names(ProfilePlan p) {
        return p.renditions().stream().map(Rendition::name).toList();
    }
}
