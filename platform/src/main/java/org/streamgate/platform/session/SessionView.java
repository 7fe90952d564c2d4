package org.streamgate.platform.session;

import java.time.Instant;
import java.util.UUID;

/**
 * A viewer session joined with what decides whether it may go on: its code's revocation and expiry and its event's
 * archived flag.
 */
public record SessionView(UUID id,
                          UUID codeId,
                          UUID eventId,
                          String code,
                          String codeLabel,
                          String deviceId,
                          String clientAddr,
                          Instant startedAt,
                          Instant lastHeartbeatAt,
                          Instant endedAt,
                          String endReason,
                          Instant revokedAt,
                          Instant codeRevokedAt,
                          Instant codeExpiresAt,
                          boolean eventArchived) {
}
