package org.streamgate.platform.web;

import io.helidon.webserver.http.HttpService;
import java.time.Clock;
import org.streamgate.platform.admin.AdminAuth;
import org.streamgate.platform.admin.AuditLog;
import org.streamgate.platform.code.CodeRepository;
import org.streamgate.platform.config.PlatformConfig;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.playback.PlaybackTokens;
import org.streamgate.platform.session.SessionRepository;
import org.streamgate.platform.transcoder.TranscoderClient;
import org.streamgate.platform.web.admin.AdminConsoleService;

/**
 * The web UI (DESIGN §1, §3.7): the viewer portal at {@code /}, the admin console at {@code /admin} and their static
 * assets at {@code /assets/}. Pages are server-rendered; every change goes through the JSON APIs.
 */
public record WebUi(HttpService... services) {

    public static WebUi create(PlatformConfig config, EventRepository events, CodeRepository codes,
                               SessionRepository sessions, AuditLog audit, AdminAuth adminAuth,
                               TranscoderClient transcoder, PlaybackTokens tokens, Clock clock) {
        Templates templates = new Templates(config.hlsServerBaseUrl());
        return new WebUi(new AssetService(), new PortalService(templates, config.appName()),
                new AdminConsoleService(templates, config.appName(), config.rtmpUrl(), adminAuth, events, codes, sessions,
                        audit, transcoder, tokens, config.hlsServerBaseUrl(), clock));
    }
}
