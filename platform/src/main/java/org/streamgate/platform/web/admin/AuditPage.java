package org.streamgate.platform.web.admin;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.streamgate.platform.admin.AdminSessions;
import org.streamgate.platform.admin.AuditLog;

/** The audit log, newest first, paged: the same entries {@code GET /api/admin/audit} returns. */
final class AuditPage {

    static final int AUDIT_PAGE_SIZE = 50;

    private final ConsolePages pages;
    private final AuditLog audit;

    AuditPage(ConsolePages pages, AuditLog audit) {
        this.pages = pages;
        this.audit = audit;
    }

    void routing(HttpRules rules) {
        rules.get("/admin/audit", this::auditPage);
    }

    private void auditPage(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = pages.page(req, res);
        if (session.isEmpty()) {
            return;
        }
        int pageNo = ConsolePages.intParam(req, "page", 1);
        JsonObject json = audit.page(pageNo, AUDIT_PAGE_SIZE);
        List<AuditRow> rows = new ArrayList<>();
        for (JsonValue v : json.getJsonArray("entries")) {
            JsonObject o = v.asJsonObject();
            rows.add(new AuditRow(Instant.parse(o.getString("at")), o.getString("actor"), o.getString("action"),
                    optional(o, "target"), optional(o, "details"), optional(o, "clientAddress")));
        }
        long total = json.getJsonNumber("total").longValue();
        Map<String, Object> model = pages.base(session.get(), "audit");
        model.put("rows", rows);
        model.put("page", pageNo);
        model.put("pages", ConsolePages.pages(total, AUDIT_PAGE_SIZE));
        model.put("total", total);
        pages.send(res, "admin/audit.jte", model);
    }

    private static String optional(JsonObject o, String key) {
        return o.isNull(key) ? null : o.getString(key);
    }
}
