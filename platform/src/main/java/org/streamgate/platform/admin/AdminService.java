package org.streamgate.platform.admin;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.streamgate.platform.http.Jsons;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.mindrot.jbcrypt.BCrypt;
import org.streamgate.platform.PlatformMetrics;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.http.ClientAddress;
import org.streamgate.platform.http.JsonBodies;
import org.streamgate.platform.http.Responses;

/**
 * Admin login, logout, session info and the audit log: {@code POST /api/admin/login {password}} (JSON or form),
 * {@code POST /api/admin/logout}, {@code GET /api/admin/session}, {@code GET /api/admin/audit?page=}.
 */
public final class AdminService implements HttpService {

    private static final System.Logger LOG = System.getLogger(AdminService.class.getName());

    private final String passwordHash;
    private final AdminAuth auth;
    private final AdminSessions sessions;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final ClientAddress clientAddress;
    private final PlatformMetrics metrics;
    private final Duration sessionTtl;
    private final Clock clock;

    public AdminService(String passwordHash, AdminAuth auth, AdminSessions sessions, LoginThrottle throttle, AuditLog audit,
                        ClientAddress clientAddress, PlatformMetrics metrics, Duration sessionTtl, Clock clock) {
        this.passwordHash = passwordHash;
        this.auth = auth;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
        this.clientAddress = clientAddress;
        this.metrics = metrics;
        this.sessionTtl = sessionTtl;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/login", this::login)
                .post("/logout", this::logout)
                .get("/session", this::session)
                .get("/audit", this::audit);
    }

    private void login(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        String address = clientAddress.of(req);
        try {
            throttle.check(address, now);
        } catch (ApiException e) {
            metrics.login("locked_out");
            throw e;
        }
        String password = password(req);
        if (passwordHash == null) {
            metrics.login("disabled");
            throw new ApiException(401, "login_disabled", "password login is not configured");
        }
        boolean ok;
        try {
            ok = password != null && !password.isEmpty() && password.length() <= 200 && BCrypt.checkpw(password, passwordHash);
        } catch (IllegalArgumentException e) {
            ok = false;
        }
        if (!ok) {
            throttle.failure(address, now);
            metrics.login("failure");
            LOG.log(Level.WARNING, "admin login failed from " + address);
            throw new ApiException(401, "invalid_password", "wrong password");
        }
        throttle.success(address);
        AdminSessions.Created created = sessions.create(address, req.headers().first(HeaderNames.USER_AGENT).orElse(null), now);
        metrics.login("success");
        audit.record(new AdminPrincipal("admin", address), "login", null, null);
        res.header(HeaderNames.SET_COOKIE, AdminAuth.COOKIE + "=" + created.cookieValue() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + sessionTtl.toSeconds() + (secure(req) ? "; Secure" : ""));
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder()
                .add("authenticated", true)
                .add("csrfToken", created.csrfToken())
                .add("expiresAt", created.expiresAt().toString())
                .build());
    }

    private void logout(ServerRequest req, ServerResponse res) {
        AdminPrincipal who = auth.require(req);
        auth.session(req).ifPresent(s -> sessions.revoke(s.tokenHash(), clock.instant()));
        audit.record(who, "logout", null, null);
        res.header(HeaderNames.SET_COOKIE, AdminAuth.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                + (secure(req) ? "; Secure" : ""));
        Responses.ok(res, Jsons.PROVIDER.createObjectBuilder().add("authenticated", false).build());
    }

    private void session(ServerRequest req, ServerResponse res) {
        var session = auth.session(req);
        var body = Jsons.PROVIDER.createObjectBuilder().add("authenticated", session.isPresent());
        session.ifPresent(s -> body.add("csrfToken", s.csrfToken()).add("expiresAt", s.expiresAt().toString()));
        Responses.ok(res, body.build());
    }

    private void audit(ServerRequest req, ServerResponse res) {
        auth.require(req);
        int page = Paging.page(req);
        int pageSize = Paging.pageSize(req, 50, 500);
        Responses.ok(res, audit.page(page, pageSize));
    }

    private static String password(ServerRequest req) {
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("");
        if (type.startsWith("application/x-www-form-urlencoded")) {
            String body = new String(JsonBodies.readBytes(req, JsonBodies.MAX_JSON_BYTES), StandardCharsets.UTF_8);
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && "password".equals(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8))) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
        return JsonBodies.optionalString(JsonBodies.object(req), "password");
    }

    private static boolean secure(ServerRequest req) {
        return req.isSecure() || req.headers().first(HeaderNames.X_FORWARDED_PROTO).map("https"::equalsIgnoreCase).orElse(false);
    }
}
