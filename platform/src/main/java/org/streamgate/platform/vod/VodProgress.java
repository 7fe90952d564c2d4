package org.streamgate.platform.vod;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.transcoder.TranscoderClient;

/**
 * The named task that turns the transcoder's {@code outTimeSeconds} into {@code vod.progress} (0..99; 100 once the
 * transcoder reports {@code ended}) for every event whose upload is being processed.
 */
public final class VodProgress implements Runnable {

    private static final System.Logger LOG = System.getLogger(VodProgress.class.getName());

    private final EventRepository events;
    private final TranscoderClient transcoder;
    private final Clock clock;

    public VodProgress(EventRepository events, TranscoderClient transcoder, Clock clock) {
        this.events = events;
        this.transcoder = transcoder;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            for (Map.Entry<UUID, Double> e : events.processingVods().entrySet()) {
                double duration = e.getValue();
                if (duration <= 0) {
                    continue;
                }
                transcoder.job(e.getKey().toString()).ifPresent(job -> {
                    double out = number(job, "outTimeSeconds");
                    if (out > 0) {
                        int progress = (int) Math.min(99, Math.floor(out * 100 / duration));
                        events.setVodProgress(e.getKey(), progress, clock.instant());
                    }
                });
            }
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "vod progress update failed: " + ex.getMessage());
        }
    }

    static double number(JsonObject json, String name) {
        JsonValue v = json.get(name);
        return v instanceof JsonNumber n ? n.doubleValue() : 0;
    }
}
