package org.streamgate.ingest;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import org.slf4j.LoggerFactory;
import org.streamgate.common.logging.JsonLogLine;

/**
 * Logback's side of the production log format: the same {@link JsonLogLine}s the JUL services write, so a log shipper
 * sees one format from all four services. Installed by {@link #installOnConsole(String)} rather than in
 * {@code logback.xml}, because choosing by {@code STREAMGATE_ENV} there would need janino.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {

    private final String service;

    public JsonLogLayout(String service) {
        this.service = service;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return new JsonLogLine(Instant.ofEpochMilli(event.getTimeStamp()), event.getLevel().toString(), service,
                event.getLoggerName(), event.getThreadName(), event.getFormattedMessage(), error(event.getThrowableProxy()))
                .toJson() + "\n";
    }

    /** The real exception when logback still has it, so the text is exactly what the JUL side writes. */
    private static String error(IThrowableProxy proxy) {
        if (proxy == null) {
            return null;
        }
        if (proxy instanceof ThrowableProxy real) {
            return JsonLogLine.stackTrace(real.getThrowable());
        }
        return ThrowableProxyUtil.asString(proxy).stripTrailing();
    }

    /** Swaps the layout of every console appender on the root logger (the {@code STDOUT} one of logback.xml). */
    public static void installOnConsole(String service) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                JsonLogLayout layout = new JsonLogLayout(service);
                layout.setContext(context);
                layout.start();
                LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
                encoder.setContext(context);
                encoder.setCharset(StandardCharsets.UTF_8);
                encoder.setLayout(layout);
                encoder.start();
                console.stop();
                console.setEncoder(encoder);
                console.start();
            }
        }
    }
}
