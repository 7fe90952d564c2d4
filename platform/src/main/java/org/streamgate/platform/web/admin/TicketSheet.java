package org.streamgate.platform.web.admin;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.streamgate.platform.admin.AdminSessions;
import org.streamgate.platform.code.CodeRepository;
import org.streamgate.platform.code.CodeRow;
import org.streamgate.platform.code.CodeStatus;
import org.streamgate.platform.event.Event;

/** Printable tickets for an event: each code with a QR code of the portal link that fills it in. */
final class TicketSheet {

    static final int QR_PAGE_SIZE = 120;

    private final ConsolePages pages;
    private final CodeRepository codes;
    private final Clock clock;

    TicketSheet(ConsolePages pages, CodeRepository codes, Clock clock) {
        this.pages = pages;
        this.codes = codes;
        this.clock = clock;
    }

    void routing(HttpRules rules) {
        rules.get("/admin/events/{id}/qr", this::qrSheet);
    }

    /** Unused codes by default: those are the ones still to hand out. */
    private void qrSheet(ServerRequest req, ServerResponse res) {
        Optional<AdminSessions.Session> session = pages.page(req, res);
        Optional<Event> event = session.flatMap(s -> pages.pageEvent(req, res, s));
        if (event.isEmpty()) {
            return;
        }
        CodeStatus status = ConsolePages.status(req.query().first("status").orElse("unused"));
        int pageNo = ConsolePages.intParam(req, "page", 1);
        CodeRepository.Page page = codes.list(event.get().id(), status, null, pageNo, QR_PAGE_SIZE, clock.instant());
        String portal = portalUrl(req);
        List<Ticket> tickets = new ArrayList<>();
        for (CodeRow c : page.codes()) {
            String link = portal + "/?code=" + c.displayCode();
            tickets.add(new Ticket(c.displayCode(), c.label(), link, QrCodes.svg(link)));
        }
        Map<String, Object> model = pages.base(session.get(), "qr");
        model.put("event", event.get());
        model.put("tickets", tickets);
        model.put("page", page);
        model.put("status", status == null ? "" : status.wireName());
        model.put("pages", ConsolePages.pages(page.total(), QR_PAGE_SIZE));
        model.put("portalUrl", portal);
        pages.send(res, "admin/qr.jte", model);
    }

    /**
     * Where viewers reach this portal, as seen by the admin's browser. The Host header is only used when it looks
     * like a host name, so a forged one cannot put markup or another site into the printed links.
     */
    private static String portalUrl(ServerRequest req) {
        String proto = req.headers().first(HeaderNames.X_FORWARDED_PROTO).orElse(req.isSecure() ? "https" : "http");
        String host = req.headers().first(HeaderNames.HOST).orElse("localhost");
        if (!host.matches("[A-Za-z0-9.\\-:\\[\\]]{1,255}")) {
            host = "localhost";
        }
        return ("https".equalsIgnoreCase(proto) ? "https" : "http") + "://" + host;
    }
}
