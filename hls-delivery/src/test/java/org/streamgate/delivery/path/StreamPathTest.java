package org.streamgate.delivery.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.streamgate.delivery.TestStreams;
import org.streamgate.delivery.http.ApiException;

class StreamPathTest {

    private static final TestStreams STREAMS = TestStreams.create();

    @AfterAll
    static void cleanUp() {
        STREAMS.delete();
    }

    static Stream<String> refusedByParser() {
        return TraversalCorpus.REFUSED_BY_PARSER.stream();
    }

    @ParameterizedTest
    @MethodSource("refusedByParser")
    void traversalIsRefusedWith400Or404(String raw) {
        ApiException e = assertThrows(ApiException.class, () -> StreamPath.parse(raw));
        assertTrue(e.status() == 400 || e.status() == 404, raw + " -> " + e.status());
    }

    @Test
    void symlinksOutOfTheEventFolderDoNotResolve() {
        StreamFiles files = new StreamFiles(STREAMS.root);
        for (String raw : TraversalCorpus.REFUSED_BY_REAL_PATH) {
            assertTrue(files.resolve(StreamPath.parse(raw)).isEmpty(), raw);
        }
        assertTrue(files.resolve(StreamPath.parse("/streams/ev1/720p/0.ts")).isPresent());
        assertTrue(files.resolve(StreamPath.parse("/streams/ev1/720p/notes.m3u8")).isEmpty());
    }

    @Test
    void decodesOnceAndNormalises() {
        StreamPath p = StreamPath.parse("/streams/ev1/720%70/0.ts");
        assertEquals("ev1", p.eventId());
        assertEquals("720p/0.ts", p.relativePath());
        assertEquals("/streams/ev1/720p/0.ts", p.normalised());
        assertEquals("720p/", p.relativeDirectory());
        assertEquals(MediaKind.TS, p.kind());
    }

    @Test
    void onlyServedExtensionsAndOnlyStreamPaths() {
        assertEquals(404, assertThrows(ApiException.class, () -> StreamPath.parse("/streams/ev1/a.txt")).status());
        assertEquals(404, assertThrows(ApiException.class, () -> StreamPath.parse("/streams/ev1/a.M3U8")).status());
        assertEquals(400, assertThrows(ApiException.class, () -> StreamPath.parse("/streams/ev1")).status());
        assertEquals(400, assertThrows(ApiException.class, () -> StreamPath.parse("/other/ev1/a.ts")).status());
        for (String ext : new String[] {"m3u8", "ts", "m4s", "mp4", "aac", "vtt"}) {
            assertEquals(ext, StreamPath.parse("/streams/ev1/a." + ext).relativePath().substring(2));
        }
    }
}
