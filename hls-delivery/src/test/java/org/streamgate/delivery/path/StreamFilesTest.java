package org.streamgate.delivery.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.streamgate.delivery.TestStreams;

/**
 * Both ways {@link StreamFiles} confirms a file: plain folders (lstat per component) and, once a symlink is on the
 * way, real paths. Extra links beside the {@link TestStreams} tree:
 *
 * <pre>
 * root/ev3 -> ev1                          event folder that is a symlink inside the root
 * root/ev4 -> ../outside                   event folder that is a symlink out of the root
 * root/ev1/out -> ../../outside            directory symlink out of the root
 * root/ev1/other -> ../ev2/720p            directory symlink into another event
 * root/ev1/720p/alias.ts -> 0.ts           file symlink inside the event
 * </pre>
 */
class StreamFilesTest {

    private static final TestStreams STREAMS = TestStreams.create();
    private static StreamFiles files;

    @BeforeAll
    static void links() throws IOException {
        Path root = STREAMS.root;
        Files.createSymbolicLink(root.resolve("ev3"), Path.of("ev1"));
        Files.createSymbolicLink(root.resolve("ev4"), Path.of("../outside"));
        Files.createSymbolicLink(root.resolve("ev1/out"), Path.of("../../outside"));
        Files.createSymbolicLink(root.resolve("ev1/other"), Path.of("../ev2/720p"));
        Files.createSymbolicLink(root.resolve("ev1/720p/alias.ts"), Path.of("0.ts"));
        files = new StreamFiles(root);
    }

    @AfterAll
    static void cleanUp() {
        STREAMS.delete();
    }

    private static Optional<Path> resolve(String raw) {
        return files.resolve(StreamPath.parse(raw));
    }

    @Test
    void plainFilesResolveToTheirOwnPath() throws IOException {
        assertEquals(Optional.of(files.root().resolve("ev1/720p/0.ts")), resolve("/streams/ev1/720p/0.ts"));
        assertEquals(Optional.of(files.root().resolve("ev1/master.m3u8")), resolve("/streams/ev1/master.m3u8"));
    }

    @Test
    void symlinksThatStayInsideTheEventFolderResolveToTheRealFile() {
        assertEquals(Optional.of(files.root().resolve("ev1/720p/0.ts")), resolve("/streams/ev1/720p/alias.ts"));
        assertEquals(Optional.of(files.root().resolve("ev1/720p/0.ts")), resolve("/streams/ev3/720p/0.ts"));
    }

    @Test
    void symlinksOutOfTheEventFolderOrTheRootAreRefused() {
        assertTrue(resolve("/streams/ev4/secret.ts").isEmpty());
        assertTrue(resolve("/streams/ev1/out/secret.ts").isEmpty());
        assertTrue(resolve("/streams/ev1/other/0.ts").isEmpty());
        assertTrue(resolve("/streams/ev1/720p/escape.ts").isEmpty());
        assertTrue(resolve("/streams/ev1/720p/sibling.ts").isEmpty());
    }

    @Test
    void directoriesAndMissingFilesAreRefused() throws IOException {
        Files.createDirectories(STREAMS.root.resolve("ev1/dir.ts"));
        assertTrue(resolve("/streams/ev1/dir.ts").isEmpty());
        assertTrue(resolve("/streams/ev1/720p/9.ts").isEmpty());
        assertTrue(resolve("/streams/ev1/0.ts/x.ts").isEmpty());
        assertTrue(resolve("/streams/nope/0.ts").isEmpty());
    }
}
