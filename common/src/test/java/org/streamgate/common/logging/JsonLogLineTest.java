package org.streamgate.common.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogLineTest {

    private static final Instant AT = Instant.parse("2026-03-04T05:06:07Z");

    private static JsonObject parse(String line) {
        assertFalse(line.contains("\n"), "one line: " + line);
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }

    @Test
    void plainRecordHasEveryFieldButError() {
        String line = new JsonLogLine(AT, "INFO", "platform", "org.streamgate.X", "main", "started", null).toJson();
        assertEquals("{\"ts\":\"2026-03-04T05:06:07.000Z\",\"level\":\"INFO\",\"service\":\"platform\","
                + "\"logger\":\"org.streamgate.X\",\"thread\":\"main\",\"message\":\"started\"}", line);
        JsonObject json = parse(line);
        assertFalse(json.containsKey("error"));
        assertEquals("2026-03-04T05:06:07.000Z", json.getString("ts"), "fixed-width millisecond UTC timestamp");
    }

    @Test
    void escapingRoundTrips() {
        String nasty = "quote \" backslash \\ newline \n cr \r tab \t bell \u0007 nul \u0000 del \u007f "
                + "unicode é ✓ 🎥 u2028 \u2028 slash / braces {}";
        JsonObject json = parse(new JsonLogLine(AT, "WARN", "ingest", "l\"ogger", "th\\read", nasty, null).toJson());
        assertEquals(nasty, json.getString("message"));
        assertEquals("l\"ogger", json.getString("logger"));
        assertEquals("th\\read", json.getString("thread"));
    }

    @Test
    void loneSurrogatesAreEscapedSoTheLineStaysValidUtf8() {
        String line = new JsonLogLine(AT, "INFO", "s", "l", "t", "half \ud83c pair", null).toJson();
        assertTrue(line.contains("\\ud83c"), line);
        assertEquals("half \ud83c pair", parse(line).getString("message"));
    }

    @Test
    void exceptionBecomesOneEscapedStringWithClassMessageAndStack() {
        Exception cause = new IllegalStateException("inner \"why\"");
        Exception error = new RuntimeException("outer", cause);
        JsonObject json = parse(new JsonLogLine(AT, "ERROR", "s", "l", "t", "failed", JsonLogLine.stackTrace(error)).toJson());
        String text = json.getString("error");
        assertTrue(text.startsWith("java.lang.RuntimeException: outer\n\tat "), text);
        assertTrue(text.contains("Caused by: java.lang.IllegalStateException: inner \"why\""), text);
        assertTrue(text.contains(JsonLogLineTest.class.getName()), text);
        assertFalse(text.endsWith("\n"));
    }

    @Test
    void nullMessageIsEmpty() {
        assertEquals("", parse(new JsonLogLine(AT, "INFO", "s", "l", "t", null, null).toJson()).getString("message"));
    }

    @Test
    void julFormatterWritesOneLinePerRecordWithMappedLevels() {
        JsonLogFormatter formatter = new JsonLogFormatter("transcoder");
        LogRecord record = new LogRecord(Level.SEVERE, "job {0} failed");
        record.setParameters(new Object[] {"evt-1"});
        record.setLoggerName("org.streamgate.transcoder.Job");
        record.setInstant(AT);
        record.setThrown(new IllegalArgumentException("bad"));
        String text = formatter.format(record);
        assertTrue(text.endsWith("}\n"));
        JsonObject json = parse(text.substring(0, text.length() - 1));
        assertEquals("ERROR", json.getString("level"));
        assertEquals("transcoder", json.getString("service"));
        assertEquals("org.streamgate.transcoder.Job", json.getString("logger"));
        assertEquals("job evt-1 failed", json.getString("message"));
        assertEquals(Thread.currentThread().getName(), json.getString("thread"));
        assertTrue(json.getString("error").startsWith("java.lang.IllegalArgumentException: bad"));

        assertEquals("WARN", JsonLogFormatter.level(Level.WARNING));
        assertEquals("INFO", JsonLogFormatter.level(Level.INFO));
        assertEquals("DEBUG", JsonLogFormatter.level(Level.CONFIG));
        assertEquals("DEBUG", JsonLogFormatter.level(Level.FINE));
        assertEquals("TRACE", JsonLogFormatter.level(Level.FINEST));
    }
}
