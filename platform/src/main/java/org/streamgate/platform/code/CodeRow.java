package org.streamgate.platform.code;

import java.time.Instant;
import java.util.UUID;

/** An access code as admins see it; {@code code} is the normalised form. */
public record CodeRow(UUID id,
                      UUID eventId,
                      String code,
                      String label,
                      Instant expiresAt,
                      boolean explicitExpiry,
                      Instant revokedAt,
                      Instant redeemedAt,
                      Instant createdAt,
                      CodeStatus status) {

    public String displayCode() {
        return AccessCodeFormat.display(code);
    }
}
