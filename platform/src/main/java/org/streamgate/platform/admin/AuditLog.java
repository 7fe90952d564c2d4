package org.streamgate.platform.admin;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import org.streamgate.platform.http.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.stream.Stream;
import org.streamgate.platform.db.Rows;

/** Every state-changing admin action: who, what, when, from where. Never holds codes, tokens or secrets. */
public final class AuditLog {

    private final DbClient db;
    private final Clock clock;

    public AuditLog(DbClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void record(AdminPrincipal who, String action, String target, String details) {
        db.execute().insert("INSERT INTO audit_log (at, actor, action, target, details, client_addr) VALUES (?, ?, ?, ?, ?, ?)",
                Rows.ts(clock.instant()), who.actor(), action, target, details, who.address());
    }

    /** Newest first. */
    public JsonObject page(int page, int pageSize) {
        JsonArrayBuilder entries = Jsons.PROVIDER.createArrayBuilder();
        long total = 0;
        try (Stream<DbRow> rows = db.execute().query("SELECT id, at, actor, action, target, details, client_addr, "
                + "count(*) OVER () AS total FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?",
                pageSize, (long) (page - 1) * pageSize)) {
            for (DbRow r : (Iterable<DbRow>) rows::iterator) {
                total = Rows.longValue(r, "total");
                var b = Jsons.PROVIDER.createObjectBuilder()
                        .add("id", Rows.longValue(r, "id"))
                        .add("at", Rows.instant(r, "at").toString())
                        .add("actor", Rows.string(r, "actor"))
                        .add("action", Rows.string(r, "action"));
                add(b, "target", Rows.string(r, "target"));
                add(b, "details", Rows.string(r, "details"));
                add(b, "clientAddress", Rows.string(r, "client_addr"));
                entries.add(b);
            }
        }
        return Jsons.PROVIDER.createObjectBuilder().add("entries", entries).add("page", page).add("pageSize", pageSize)
                .add("total", total).build();
    }

    private static void add(jakarta.json.JsonObjectBuilder b, String name, String value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }
}
