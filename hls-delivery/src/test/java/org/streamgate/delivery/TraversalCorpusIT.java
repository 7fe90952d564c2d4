package org.streamgate.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.streamgate.delivery.path.TraversalCorpus;

/**
 * The traversal corpus sent byte for byte over a socket (no client library normalises or re-encodes it), with a
 * valid token for ev1: always 400 or 404, never a byte of a file outside the event folder, never a 500.
 */
class TraversalCorpusIT {

    private static final TestStreams STREAMS = TestStreams.create();
    private static final String TOKEN = TestStreams.token(TestStreams.EVENT);
    private static DeliveryServer server;

    @BeforeAll
    static void start() {
        server = new DeliveryServer(STREAMS.config(), TestStreams.CLOCK);
        server.listen(0);
    }

    @AfterAll
    static void stop() {
        server.close();
        STREAMS.delete();
    }

    static Stream<String> corpus() {
        return Stream.concat(TraversalCorpus.REFUSED_BY_PARSER.stream(), TraversalCorpus.REFUSED_BY_REAL_PATH.stream());
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void refusedOnTheWire(String rawPath) throws IOException {
        for (boolean inQuery : new boolean[] {false, true}) {
            String response = rawGet(inQuery ? rawPath + "?token=" + TOKEN : rawPath, inQuery ? null : TOKEN);
            int status = Integer.parseInt(response.substring(9, 12));
            assertTrue(status == 400 || status == 404, rawPath + " -> " + response);
            assertFalse(response.contains("SECRET") || response.contains("OTHER-EVENT"), rawPath);
        }
    }

    @Test
    void theSameRequestForAnInsideFileWorks() throws IOException {
        String response = rawGet("/streams/ev1/720p/index.m3u8", TOKEN);
        assertEquals("HTTP/1.1 200", response.substring(0, 12));
    }

    private static String rawGet(String rawPath, String bearer) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            String request = "GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + "\r\n";
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readResponse(socket.getInputStream());
        }
    }

    /** Status line, headers and a Content-Length body; does not wait for the server to close. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        long length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(line.substring(15).strip());
            }
        }
        return head + new String(in.readNBytes((int) length), StandardCharsets.ISO_8859_1);
    }
}
