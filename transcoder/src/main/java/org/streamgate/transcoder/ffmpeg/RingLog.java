package org.streamgate.transcoder.ffmpeg;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last lines FFmpeg wrote to stderr, bounded in count and line length so a chatty process never grows memory.
 *
 * <p>Concurrency: one reader thread appends, any thread reads a copy; all access is synchronized on this.
 */
public final class RingLog {

    public static final int DEFAULT_LINES = 200;
    public static final int MAX_LINE_CHARS = 400;

    private final int capacity;
    private final ArrayDeque<String> lines;
    private long dropped;

    public RingLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    public synchronized void add(String line) {
        String trimmed = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
        if (lines.size() == capacity) {
            lines.removeFirst();
            dropped++;
        }
        lines.addLast(trimmed);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized long dropped() {
        return dropped;
    }
}
