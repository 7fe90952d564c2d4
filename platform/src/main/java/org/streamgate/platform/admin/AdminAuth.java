package org.streamgate.platform.admin;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.http.ClientAddress;

/**
 * Admin authentication (DESIGN §3.7): {@code Authorization: Bearer <ADMIN_API_TOKEN>} (compared in constant time)
 * for automation, or the session cookie set by the password login. Cookie-authenticated requests that change state
 * must carry the session's CSRF token in {@value #CSRF_HEADER}; bearer requests carry no ambient credential and
 * need none.
 */
public final class AdminAuth {

    public static final String COOKIE = "sg_admin";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final byte[] apiToken;
    private final AdminSessions sessions;
    private final ClientAddress clientAddress;
    private final Clock clock;

    /** @param apiToken {@code ADMIN_API_TOKEN}, or {@code null} to accept sessions only */
    public AdminAuth(String apiToken, AdminSessions sessions, ClientAddress clientAddress, Clock clock) {
        this.apiToken = apiToken == null ? null : apiToken.getBytes(StandardCharsets.UTF_8);
        this.sessions = sessions;
        this.clientAddress = clientAddress;
        this.clock = clock;
    }

    /** @throws ApiException 401 without valid credentials, 403 {@code csrf_failed} for a state change without CSRF */
    public AdminPrincipal require(ServerRequest req) {
        String address = clientAddress.of(req);
        Optional<String> authorization = req.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            String h = authorization.get();
            if (apiToken != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
                    && MessageDigest.isEqual(apiToken, h.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
                return new AdminPrincipal("api-token", address);
            }
            throw ApiException.unauthorized("invalid admin credentials");
        }
        AdminSessions.Session session = cookie(req)
                .flatMap(c -> sessions.find(c, clock.instant()))
                .orElseThrow(() -> ApiException.unauthorized("admin login required"));
        if (changesState(req.prologue().method())) {
            String presented = req.headers().first(HeaderNames.create(CSRF_HEADER)).orElse("");
            if (!MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(403, "csrf_failed", "missing or wrong CSRF token");
            }
        }
        return new AdminPrincipal("admin", address);
    }

    /** The session behind the request's cookie, if any (no CSRF check). */
    public Optional<AdminSessions.Session> session(ServerRequest req) {
        return cookie(req).flatMap(c -> sessions.find(c, clock.instant()));
    }

    static Optional<String> cookie(ServerRequest req) {
        return req.headers().cookies().first(COOKIE).asOptional();
    }

    private static boolean changesState(Method method) {
        return !(method == Method.GET || method == Method.HEAD || method == Method.OPTIONS);
    }
}
