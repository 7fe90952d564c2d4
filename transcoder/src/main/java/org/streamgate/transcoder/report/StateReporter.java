package org.streamgate.transcoder.report;

import org.streamgate.common.internalapi.StreamStateReport;

/** Where a job sends its state changes. Implementations must not block the caller. */
@FunctionalInterface
public interface StateReporter {

    /** Drops every report (no {@code PLATFORM_APP_URL}). */
    StateReporter NONE = (eventId, report) -> { };

    void report(String eventId, StreamStateReport report);
}
