package org.streamgate.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.streamgate.common.internalapi.StreamProfile;
import org.streamgate.platform.code.CodeRepository;
import org.streamgate.platform.code.CodeRow;
import org.streamgate.platform.code.CodeStatus;
import org.streamgate.platform.event.Event;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.event.StreamKeys;

/**
 * {@code STREAMGATE_DEMO=true}: makes sure a demo event exists (reused across runs, its end moved forward when it
 * is about to pass) with at least {@link #MIN_CODES} unused codes, and writes {@code <data dir>/demo.env}
 * ({@code DEMO_EVENT_ID}, {@code DEMO_STREAM_KEY}, {@code DEMO_CODES}, {@code DEMO_RTMP_URL}) for {@code scripts/run}.
 */
public final class DemoSeed {

    private static final System.Logger LOG = System.getLogger(DemoSeed.class.getName());
    public static final String FILE_NAME = "demo.env";
    public static final int MIN_CODES = 5;
    static final String TITLE = "StreamGate demo";

    private DemoSeed() {
    }

    public static Path seed(EventRepository events, CodeRepository codes, StreamKeys keys, Path dataDir, String rtmpUrl,
                            Clock clock) {
        Instant now = clock.instant();
        Event event = events.findDemo().orElse(null);
        if (event == null) {
            event = new Event(UUID.randomUUID(), TITLE, "A test stream: publish from OBS with the demo stream key.",
                    now, now.plus(Duration.ofHours(24)), Event.DEFAULT_ACCESS_WINDOW_HOURS, null, StreamProfile.COPY,
                    "scheduled", false, null, keys.generate(), false, null, null, null, null, null, null, now, now);
            events.insert(event, true);
            LOG.log(Level.INFO, "[" + event.id() + "] demo event created");
        } else if (event.endsAt().isBefore(now.plus(Duration.ofHours(1)))) {
            Event e = event;
            event = new Event(e.id(), e.title(), e.description(), e.startsAt(), now.plus(Duration.ofHours(24)),
                    e.accessWindowHours(), e.posterUrl(), e.profile(), e.streamStatus(), e.streamFailed(), e.lastStateAt(),
                    e.streamKey(), e.archived(), e.publisherClientId(), e.publisherAddr(), e.publisherSince(), e.publisherSeenAt(),
                    e.vodState(),
                    e.vodProgress(), e.createdAt(), now);
            events.update(events.db().execute(), event);
        }
        List<String> display = new ArrayList<>();
        for (CodeRow c : codes.list(event.id(), CodeStatus.UNUSED, null, 1, MIN_CODES, now).codes()) {
            display.add(c.displayCode());
        }
        if (display.size() < MIN_CODES) {
            for (CodeRow c : codes.generate(event.id(), MIN_CODES - display.size(), "demo", null, now)) {
                display.add(c.displayCode());
            }
        }
        Path file = dataDir.resolve(FILE_NAME);
        String text = "# StreamGate demo event, written at platform start\n"
                + "DEMO_EVENT_ID='" + event.id() + "'\n"
                + "DEMO_STREAM_KEY='" + event.streamKey() + "'\n"
                + "DEMO_RTMP_URL='" + rtmpUrl + "'\n"
                + "DEMO_CODES='" + String.join(" ", display) + "'\n";
        try {
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        LOG.log(Level.INFO, "[" + event.id() + "] demo event ready, details in " + file);
        return file;
    }
}
