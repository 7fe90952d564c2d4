package org.streamgate.transcoder.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AbrLadderTest {

    @Test
    void emptyMeansTheDefaultLadder() {
        assertEquals(ProfilePlan.DEFAULT_LADDER, AbrLadder.parse("ABR_LADDER", ""));
        assertEquals(ProfilePlan.DEFAULT_LADDER, AbrLadder.parse("ABR_LADDER", null));
    }

    @Test
    void operatorLadderIsOrderedHighestFirst() {
        List<Rendition> ladder = AbrLadder.parse("ABR_LADDER", "360p:360:800, 720p:720:2800:160,480p:480:1400");
        assertEquals(List.of("720p", "480p", "360p"), ladder.stream().map(Rendition::name).toList());
        assertEquals(160, ladder.get(0).audioKbps());
        assertEquals(128, ladder.get(1).audioKbps());
        assertEquals(2996, ladder.get(0).maxrateKbps());
    }

    @Test
    void badEntriesNameTheKey() {
        for (String bad : List.of("720p:720", "720p:abc:2800", "720p:100:2800", "720p:720:50", "x y:720:2800",
                "720p:720:2800,720p:720:2000")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AbrLadder.parse("ABR_LADDER", bad), bad);
            assertTrue(e.getMessage().contains("ABR_LADDER"), e.getMessage());
        }
    }
}
