package org.streamgate.platform.web.admin;

/**
 * What the transcoder says about an event's job, as text for the event page; {@code known} is false when the
 * transcoder has no job for it (scheduled, or the transcoder restarted).
 */
public record JobHealth(boolean known, String state, String restarts, String lastSegmentAge, String speed,
                        long viewers) {
}
