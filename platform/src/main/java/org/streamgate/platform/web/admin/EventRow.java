package org.streamgate.platform.web.admin;

import java.util.Map;
import org.streamgate.platform.event.Event;

/** One row of the dashboard's events table: the event, its viewers now, its codes counted by status. */
public record EventRow(Event event, long viewers, Map<String, Long> codes) {

    public long codeCount() {
        return codes.values().stream().mapToLong(Long::longValue).sum();
    }
}
