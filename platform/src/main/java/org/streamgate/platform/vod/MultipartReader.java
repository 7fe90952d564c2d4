package org.streamgate.platform.vod;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming {@code multipart/form-data} reader (RFC 7578): parts are read one after the other straight from the
 * request body, so an upload of any size goes to disk through a fixed buffer. (Helidon's multipart media support is
 * not published for 4.5.)
 *
 * <p>Concurrency: not thread-safe; one request thread uses it.
 */
public final class MultipartReader {

    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int BUFFER_BYTES = 64 * 1024;

    /** One part: its headers, and its body as a stream that ends where the part ends. */
    public record Part(String name, String filename, String contentType, InputStream body) {
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean finished;
    private PartBody current;

    public MultipartReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new IllegalArgumentException("bad multipart boundary");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[Math.max(BUFFER_BYTES, delimiter.length * 4)];
        // The first boundary has no CRLF before it; pretend it had, so one delimiter fits all.
        buf[0] = '\r';
        buf[1] = '\n';
        limit = 2;
        current = new PartBody(); // the preamble, skipped by the first next()
    }

    /** The boundary parameter of a {@code multipart/form-data} content type, or {@code null}. */
    public static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = p.substring(9).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() ? null : b;
            }
        }
        return null;
    }

    /** @return the next part, or {@code null} after the closing boundary */
    public Part next() throws IOException {
        if (finished) {
            return null;
        }
        current.transferTo(OutputSink.NULL);
        int a = readRaw();
        int b = readRaw();
        if (a == '-' && b == '-') {
            finished = true;
            return null;
        }
        // transport padding, then CRLF
        while (!(a == '\r' && b == '\n')) {
            if (a != ' ' && a != '\t') {
                throw new IOException("malformed multipart boundary line");
            }
            a = b;
            b = readRaw();
        }
        Map<String, String> headers = readHeaders();
        String disposition = headers.getOrDefault("content-disposition", "");
        current = new PartBody();
        return new Part(param(disposition, "name"), param(disposition, "filename"), headers.get("content-type"), current);
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder();
        int total = 0;
        while (true) {
            int c = readRaw();
            if (++total > MAX_HEADER_BYTES) {
                throw new IOException("multipart part headers too long");
            }
            if (c == '\r') {
                int n = readRaw();
                if (n != '\n') {
                    throw new IOException("malformed multipart header line");
                }
                if (line.isEmpty()) {
                    return headers;
                }
                int colon = line.indexOf(":");
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
    }

    /** A parameter of a {@code Content-Disposition} value, quoted or not. */
    static String param(String header, String name) {
        int i = 0;
        String lower = header.toLowerCase(Locale.ROOT);
        while ((i = lower.indexOf(name + "=", i)) >= 0) {
            boolean atStart = i == 0 || lower.charAt(i - 1) == ';' || lower.charAt(i - 1) == ' ';
            int v = i + name.length() + 1;
            if (atStart) {
                if (v < header.length() && header.charAt(v) == '"') {
                    StringBuilder out = new StringBuilder();
                    for (int j = v + 1; j < header.length(); j++) {
                        char ch = header.charAt(j);
                        if (ch == '\\' && j + 1 < header.length()) {
                            out.append(header.charAt(++j));
                        } else if (ch == '"') {
                            return out.toString();
                        } else {
                            out.append(ch);
                        }
                    }
                    return out.toString();
                }
                int end = header.indexOf(';', v);
                return header.substring(v, end < 0 ? header.length() : end).trim();
            }
            i = v;
        }
        return null;
    }

    private int readRaw() throws IOException {
        if (pos >= limit && !fill()) {
            throw new EOFException("multipart body ended early");
        }
        return buf[pos++] & 0xFF;
    }

    /** Compacts and reads more; false at end of input with nothing buffered. */
    private boolean fill() throws IOException {
        if (eof) {
            return pos < limit;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
        return pos < limit;
    }

    private int indexOfDelimiter() {
        int last = limit - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Discards everything written to it. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink NULL = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    /** The body of the current part: ends at the next delimiter, which it consumes. */
    private final class PartBody extends InputStream {

        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done || current != this) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                int at = indexOfDelimiter();
                if (at == pos) {
                    pos += delimiter.length;
                    done = true;
                    return -1;
                }
                int available = at >= 0 ? at - pos : limit - pos - (delimiter.length - 1);
                if (available > 0) {
                    int n = Math.min(len, available);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                    return n;
                }
                if (eof) {
                    throw new EOFException("multipart body ended without its closing boundary");
                }
                fill();
            }
        }
    }
}
