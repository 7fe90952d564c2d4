package org.streamgate.delivery.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.streamgate.delivery.TestStreams;
import org.streamgate.delivery.path.StreamFiles;
import org.streamgate.delivery.path.StreamPath;

class AccelRedirectTest {

    private static final TestStreams STREAMS = TestStreams.create();
    private static final AccelRedirect ACCEL = new AccelRedirect("/files/", new StreamFiles(STREAMS.root));

    @AfterAll
    static void cleanUp() {
        STREAMS.delete();
    }

    @Test
    void eachNameIsPercentEncodedAndTheSlashesKept() {
        assertEquals("ev1/720p/0.ts", AccelRedirect.encode(Path.of("ev1/720p/0.ts")));
        assertEquals("ev1/a%2Bb%40c%2C%3D~_-.ts", AccelRedirect.encode(Path.of("ev1/a+b@c,=~_-.ts")));
        assertEquals("ev1/%C3%A9%20%3F%23%25.ts", AccelRedirect.encode(Path.of("ev1/é ?#%.ts")));
    }

    @Test
    void segmentsOnDiskHaveATargetPlaylistsAndEscapesNone() {
        assertEquals(Optional.of("/files/ev1/720p/0.ts"), ACCEL.target(StreamPath.parse("/streams/ev1/720p/0.ts")));
        assertEquals(Optional.empty(), ACCEL.target(StreamPath.parse("/streams/ev1/720p/index.m3u8")));
        assertEquals(Optional.empty(), ACCEL.target(StreamPath.parse("/streams/ev1/720p/missing.ts")));
        assertEquals(Optional.empty(), ACCEL.target(StreamPath.parse("/streams/ev1/720p/escape.ts")));
        assertEquals(Optional.empty(), ACCEL.target(StreamPath.parse("/streams/ev1/720p/sibling.ts")));
    }

    @Test
    void aPrefixThatIsNoLocationPrefixIsRefused() {
        StreamFiles files = new StreamFiles(STREAMS.root);
        assertThrows(IllegalArgumentException.class, () -> new AccelRedirect("files/", files));
        assertThrows(IllegalArgumentException.class, () -> new AccelRedirect("/files", files));
        assertThrows(IllegalArgumentException.class, () -> new AccelRedirect("/a/../", files));
    }
}
