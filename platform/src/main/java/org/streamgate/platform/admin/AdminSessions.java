package org.streamgate.platform.admin;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.streamgate.platform.db.Rows;

/**
 * Server-side admin sessions: the cookie holds a random token, the database only its SHA-256, so sessions can be
 * revoked (logout) and a database leak does not yield usable cookies. Each session has its own CSRF token.
 */
public final class AdminSessions {

    private final DbClient db;
    private final SecureRandom random;
    private final Duration ttl;

    public AdminSessions(DbClient db, SecureRandom random, Duration ttl) {
        this.db = db;
        this.random = random;
        this.ttl = ttl;
    }

    public record Created(String cookieValue, String csrfToken, Instant expiresAt) {
    }

    public record Session(String tokenHash, String csrfToken, Instant expiresAt) {
    }

    public Created create(String clientAddr, String userAgent, Instant now) {
        String token = randomToken();
        String csrf = randomToken();
        Instant expires = now.plus(ttl);
        db.execute().insert("INSERT INTO admin_sessions (token_hash, csrf_token, created_at, last_seen_at, expires_at, "
                        + "client_addr, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)",
                hash(token), csrf, Rows.ts(now), Rows.ts(now), Rows.ts(expires), clientAddr,
                userAgent == null ? null : userAgent.substring(0, Math.min(300, userAgent.length())));
        return new Created(token, csrf, expires);
    }

    public Optional<Session> find(String cookieValue, Instant now) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        Optional<DbRow> row = db.execute().get("SELECT token_hash, csrf_token, expires_at, last_seen_at FROM admin_sessions "
                + "WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?", hash(cookieValue), Rows.ts(now));
        row.ifPresent(r -> {
            if (Rows.instant(r, "last_seen_at").isBefore(now.minusSeconds(60))) {
                db.execute().update("UPDATE admin_sessions SET last_seen_at = ? WHERE token_hash = ?",
                        Rows.ts(now), Rows.string(r, "token_hash"));
            }
        });
        return row.map(r -> new Session(Rows.string(r, "token_hash"), Rows.string(r, "csrf_token"),
                Rows.instant(r, "expires_at")));
    }

    public void revoke(String tokenHash, Instant now) {
        db.execute().update("UPDATE admin_sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                Rows.ts(now), tokenHash);
    }

    public long purgeExpired(Instant now) {
        return db.execute().delete("DELETE FROM admin_sessions WHERE expires_at < ?", Rows.ts(now.minus(Duration.ofDays(1))));
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
