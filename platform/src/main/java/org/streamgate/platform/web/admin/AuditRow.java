package org.streamgate.platform.web.admin;

import java.time.Instant;

/** One line of the audit page: who did what to what, when, from where. */
public record AuditRow(Instant at, String actor, String action, String target, String details, String clientAddress) {
}
