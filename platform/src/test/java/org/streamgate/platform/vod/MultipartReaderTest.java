package org.streamgate.platform.vod;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

    static byte[] body(String boundary, byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("preamble to ignore\r\n--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n"
                + "--" + boundary + "  \r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"my \\\"clip\\\".mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(file);
        out.write(("\r\n--" + boundary + "--\r\nepilogue").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** Hands out the input a few bytes at a time, so boundaries straddle reads. */
    static InputStream trickle(byte[] data, long seed) {
        Random random = new Random(seed);
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }

    @Test
    void readsPartsAcrossArbitraryReadBoundaries() throws IOException {
        String boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
        byte[] file = new byte[200_000];
        new Random(1).nextBytes(file);
        // plant near-boundaries inside the file
        byte[] fake = ("\r\n--" + boundary.substring(0, 20)).getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(fake, 0, file, 5000, fake.length);
        for (long seed = 0; seed < 5; seed++) {
            MultipartReader r = new MultipartReader(trickle(body(boundary, file), seed), boundary);
            MultipartReader.Part title = r.next();
            assertEquals("title", title.name());
            assertNull(title.filename());
            assertEquals("hello", new String(title.body().readAllBytes(), StandardCharsets.UTF_8));
            MultipartReader.Part part = r.next();
            assertEquals("file", part.name());
            assertEquals("my \"clip\".mp4", part.filename());
            assertEquals("video/mp4", part.contentType());
            assertArrayEquals(file, part.body().readAllBytes());
            assertNull(r.next());
        }
    }

    @Test
    void skipsUnreadParts() throws IOException {
        String boundary = "b0undary";
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(body(boundary, new byte[] {1, 2, 3})), boundary);
        r.next();
        MultipartReader.Part file = r.next();
        assertArrayEquals(new byte[] {1, 2, 3}, file.body().readAllBytes());
        assertNull(r.next());
    }

    @Test
    void truncatedBodyFails() throws IOException {
        String boundary = "b0undary";
        byte[] full = body(boundary, new byte[1000]);
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 40);
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(cut), boundary);
        r.next();
        MultipartReader.Part file = r.next();
        assertThrows(IOException.class, () -> file.body().readAllBytes());
    }

    @Test
    void boundaryFromContentType() {
        assertEquals("abc", MultipartReader.boundary("multipart/form-data; boundary=abc"));
        assertEquals("a b", MultipartReader.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""));
        assertNull(MultipartReader.boundary("application/json"));
        assertNull(MultipartReader.boundary(null));
    }

    @Test
    void probeOutputParsing() {
        assertEquals(12.5, MediaProbe.parse("{\"streams\":[{\"codec_type\":\"video\"}],\"format\":{\"duration\":\"12.5\"}}")
                .orElseThrow().durationSeconds());
        assertEquals(true, MediaProbe.parse("{\"streams\":[],\"format\":{}}").isEmpty());
        assertEquals(true, MediaProbe.parse("not json").isEmpty());
    }
}
