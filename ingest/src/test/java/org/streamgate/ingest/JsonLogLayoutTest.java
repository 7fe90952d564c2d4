package org.streamgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.streamgate.common.logging.JsonLogFormatter;

class JsonLogLayoutTest {

    private static final Instant AT = Instant.parse("2026-03-04T05:06:07.089Z");

    private static LoggingEvent event(Level level, String message, Throwable error, Object... args) {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent(JsonLogLayoutTest.class.getName(),
                context.getLogger("org.streamgate.ingest.rtmp.RtmpServer"), level, message, error, args);
        event.setTimeStamp(AT.toEpochMilli());
        return event;
    }

    private static LogRecord record(java.util.logging.Level level, String message, Throwable error) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("org.streamgate.ingest.rtmp.RtmpServer");
        record.setInstant(AT);
        record.setThrown(error);
        return record;
    }

    @Test
    void logbackAndJulWriteTheSameLine() {
        RuntimeException error = new IllegalStateException("port \"1935\" busy");
        String logback = new JsonLogLayout("ingest").doLayout(event(Level.WARN, "RTMP {} failed", error, "listen"));
        String jul = new JsonLogFormatter("ingest").format(record(java.util.logging.Level.WARNING, "RTMP listen failed", error));
        assertEquals(jul, logback);

        String plain = new JsonLogLayout("ingest").doLayout(event(Level.INFO, "RTMP listening", null));
        assertEquals(new JsonLogFormatter("ingest").format(record(java.util.logging.Level.INFO, "RTMP listening", null)), plain);
    }

    @Test
    void lineIsOneValidJsonObject() {
        String line = new JsonLogLayout("ingest").doLayout(event(Level.ERROR, "bad\nname \"x\"", new RuntimeException("boom")));
        assertTrue(line.endsWith("}\n"));
        assertFalse(line.substring(0, line.length() - 1).contains("\n"));
        JsonObject json = Json.createReader(new StringReader(line)).readObject();
        assertEquals("2026-03-04T05:06:07.089Z", json.getString("ts"));
        assertEquals("ERROR", json.getString("level"));
        assertEquals("ingest", json.getString("service"));
        assertEquals("org.streamgate.ingest.rtmp.RtmpServer", json.getString("logger"));
        assertEquals(Thread.currentThread().getName(), json.getString("thread"));
        assertEquals("bad\nname \"x\"", json.getString("message"));
        assertTrue(json.getString("error").startsWith("java.lang.RuntimeException: boom\n\tat "));
    }
}
