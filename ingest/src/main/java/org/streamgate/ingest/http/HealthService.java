package org.streamgate.ingest.http;

import java.util.ArrayList;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /health}: 200 {@code {"status":"UP","rtmp":"UP",...}} when every check passes,
 * else 503 with {@code "status":"DOWN"}, each failing check set to {@code DOWN} and listed in {@code "failing"}.
 */
public final class HealthService implements HttpService {

    private final List<HealthCheck> checks;

    public HealthService(List<HealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health);
    }

    private void health(ServerRequest req, ServerResponse res) {
        List<String> failing = new ArrayList<>();
        StringBuilder fields = new StringBuilder();
        for (HealthCheck check : checks) {
            boolean up;
            try {
                up = check.isUp().getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
            }
            if (!up) {
                failing.add(check.name());
            }
            fields.append(",\"").append(check.name()).append("\":\"").append(up ? "UP" : "DOWN").append('"');
        }
        StringBuilder body = new StringBuilder("{\"status\":\"").append(failing.isEmpty() ? "UP" : "DOWN").append('"')
                .append(",\"service\":\"ingest\"").append(fields);
        if (!failing.isEmpty()) {
            body.append(",\"failing\":[");
            for (int i = 0; i < failing.size(); i++) {
                body.append(i == 0 ? "" : ",").append('"').append(failing.get(i)).append('"');
            }
            body.append(']');
        }
        body.append('}');
        res.status(failing.isEmpty() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .send(body.toString());
    }
}
