package org.streamgate.platform;

import io.helidon.dbclient.DbClient;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.streamgate.platform.http.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.lang.System.Logger.Level;
import org.streamgate.platform.http.Responses;

/**
 * {@code GET /health} (DESIGN §3.9): 200 {@code {"status":"UP","checks":{...}}}, or 503 with {@code status DOWN} and
 * the failing checks named in {@code failing}. {@code GET /metrics}: Prometheus text. Neither shows a secret.
 */
public final class HealthService implements HttpService {

    private static final System.Logger LOG = System.getLogger(HealthService.class.getName());

    private final DbClient db;
    private final PlatformMetrics metrics;

    public HealthService(DbClient db, PlatformMetrics metrics) {
        this.db = db;
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", this::health)
                .get("/metrics", this::metrics);
    }

    private void health(ServerRequest req, ServerResponse res) {
        JsonObjectBuilder checks = Jsons.PROVIDER.createObjectBuilder();
        JsonArrayBuilder failing = Jsons.PROVIDER.createArrayBuilder();
        boolean up = true;
        try {
            db.execute().get("SELECT 1 AS one").orElseThrow();
            checks.add("database", "UP");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "health: database unreachable: " + e.getMessage());
            checks.add("database", "DOWN");
            failing.add("database");
            up = false;
        }
        Responses.json(res, up ? 200 : 503, Jsons.PROVIDER.createObjectBuilder()
                .add("status", up ? "UP" : "DOWN")
                .add("service", "platform")
                .add("checks", checks)
                .add("failing", failing)
                .build());
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(metrics.render());
    }
}
