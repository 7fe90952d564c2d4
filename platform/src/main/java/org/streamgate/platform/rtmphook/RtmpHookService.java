package org.streamgate.platform.rtmphook;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.streamgate.common.internalapi.InternalApiKey;
import org.streamgate.common.internalapi.JobRequest;
import org.streamgate.common.internalapi.RtmpNotification;
import org.streamgate.common.internalapi.StreamName;
import org.streamgate.platform.PlatformMetrics;
import org.streamgate.platform.event.Event;
import org.streamgate.platform.event.EventRepository;
import org.streamgate.platform.http.ApiException;
import org.streamgate.platform.http.JsonBodies;
import org.streamgate.platform.transcoder.TranscoderClient;

/**
 * nginx-rtmp compatible publish callbacks (DESIGN §3.6): {@code POST /internal/rtmp/on_publish?key=...} and
 * {@code /internal/rtmp/on_publish_done?key=...}. A 2xx allows the publisher; anything else rejects it.
 */
public final class RtmpHookService implements HttpService {

    private static final System.Logger LOG = System.getLogger(RtmpHookService.class.getName());
    private static final int MAX_FORM_BYTES = 16 * 1024;

    private final InternalApiKey key;
    private final EventRepository events;
    private final TranscoderClient transcoder;
    private final PublishPolicy policy;
    private final java.util.function.Function<String, String> inputUrl;
    private final PlatformMetrics metrics;
    private final Clock clock;

    public RtmpHookService(InternalApiKey key, EventRepository events, TranscoderClient transcoder, PublishPolicy policy,
                           java.util.function.Function<String, String> inputUrl, PlatformMetrics metrics, Clock clock) {
        this.key = key;
        this.events = events;
        this.transcoder = transcoder;
        this.policy = policy;
        this.inputUrl = inputUrl;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * One callback, whatever carried it (this service's routes, or {@link NginxRtmpCallbackListener} for nginx-rtmp's
     * HTTP/1.0): returns normally for 2xx, throws {@link ApiException} to refuse.
     *
     * @param call          {@code on_publish}, {@code on_publish_done} or {@code on_update}
     * @param presentedKey  the {@code ?key=} or {@code X-Internal-Api-Key} value, may be {@code null}
     * @param body          the form body
     */
    public void handle(String call, String presentedKey, String body) {
        switch (call) {
            case "on_publish" -> onPublish(presentedKey, body);
            case "on_publish_done" -> onPublishDone(presentedKey, body);
            case "on_update" -> onUpdate(presentedKey, body);
            default -> throw ApiException.notFound("callback " + call);
        }
    }

    /** Callback bodies are small; anything longer is not from nginx-rtmp or our ingest. */
    public static int maxFormBytes() {
        return MAX_FORM_BYTES;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{call}", (req, res) -> {
            handle(req.path().pathParameters().get("call"), presentedKey(req),
                    new String(JsonBodies.readBytes(req, MAX_FORM_BYTES), StandardCharsets.UTF_8));
            res.status(200).send("ok");
        });
    }

    private static String presentedKey(ServerRequest req) {
        return req.query().first(InternalApiKey.QUERY_PARAM)
                .or(() -> req.headers().first(io.helidon.http.HeaderNames.create(InternalApiKey.HEADER)))
                .orElse(null);
    }

    private void onPublish(String presentedKey, String body) {
        RtmpNotification n;
        try {
            n = authorisedForm(presentedKey, body);
        } catch (ApiException e) {
            metrics.publish("denied");
            throw e;
        }
        Instant now = clock.instant();
        String streamKey = StreamName.parse(n.name()).name();
        Optional<Event> found = streamKey.isEmpty() ? Optional.empty() : events.findByStreamKey(streamKey);
        if (found.isEmpty()) {
            metrics.publish("unknown_key");
            LOG.log(Level.WARNING, "publish refused: unknown stream key from " + n.addr());
            throw ApiException.forbidden("unknown stream key");
        }
        Event event = found.get();
        Optional<String> refusal = policy.refusal(event, n.addr(), now);
        if (refusal.isPresent()) {
            metrics.publish("refused");
            LOG.log(Level.WARNING, "[" + event.id() + "] publish refused: " + refusal.get());
            throw ApiException.forbidden(refusal.get());
        }
        events.markPublishing(event.id(), n.clientId(), n.addr(), now);
        metrics.publish("allowed");
        LOG.log(Level.INFO, "[" + event.id() + "] publish allowed from " + n.addr() + " client " + n.clientId());
        transcoder.startJobAsync(new JobRequest(event.id().toString(), inputUrl.apply(event.streamKey()), event.profile()));
    }

    private void onPublishDone(String presentedKey, String body) {
        RtmpNotification n = authorisedForm(presentedKey, body);
        String streamKey = StreamName.parse(n.name()).name();
        Optional<Event> event = streamKey.isEmpty() ? Optional.empty() : events.findByStreamKey(streamKey);
        event.ifPresent(e -> {
            events.markPublishDone(e.id(), n.clientId(), clock.instant());
            LOG.log(Level.INFO, "[" + e.id() + "] publish done, client " + n.clientId());
        });
    }

    /**
     * nginx-rtmp {@code on_update} ({@code call=update_publish}, every {@code notify_update_timeout}): 200 keeps the
     * publisher, 403 disconnects it (event archived or deleted, stream key rotated, past its end). Each answer
     * records that the publisher is still alive, which tells a stale connection from a live one.
     */
    private void onUpdate(String presentedKey, String body) {
        RtmpNotification n = authorisedForm(presentedKey, body);
        if (!"update_publish".equals(n.call())) {
            return;
        }
        Instant now = clock.instant();
        String streamKey = StreamName.parse(n.name()).name();
        Event event = (streamKey.isEmpty() ? Optional.<Event>empty() : events.findByStreamKey(streamKey))
                .orElseThrow(() -> ApiException.forbidden("unknown stream key"));
        Optional<String> drop = policy.dropReason(event, now);
        if (drop.isPresent()) {
            LOG.log(Level.WARNING, "[" + event.id() + "] publisher dropped on update: " + drop.get());
            throw ApiException.forbidden(drop.get());
        }
        events.markPublisherSeen(event.id(), n.clientId(), now);
    }

    private RtmpNotification authorisedForm(String presentedKey, String body) {
        if (!key.matches(presentedKey)) {
            throw ApiException.forbidden("bad internal key");
        }
        try {
            return RtmpNotification.parseForm(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.malformed("not an nginx-rtmp callback: " + e.getMessage());
        }
    }

    /**
     * When a known stream key may not publish.
     *
     * @param publisherStaleAfter a publisher that ingest reported through {@code on_update} is stale once no update
     *                            came for this long (several update intervals)
     */
    public record PublishPolicy(Duration graceAfterEnd, Duration publisherStaleAfter) {

        Optional<String> dropReason(Event event, Instant now) {
            if (event.archived()) {
                return Optional.of("event is archived");
            }
            if (now.isAfter(event.endsAt().plus(graceAfterEnd))) {
                return Optional.of("event ended at " + event.endsAt());
            }
            return Optional.empty();
        }

        Optional<String> refusal(Event event, String addr, Instant now) {
            Optional<String> drop = dropReason(event, now);
            if (drop.isPresent()) {
                return drop;
            }
            // A second publisher while the first is still live is refused, unless the first has gone stale: ingest
            // said publish_done, the transcoder reported the input lost (status no longer live), on_update reports
            // stopped coming, or it is the same host reconnecting (OBS after a network blip).
            // publisher_seen_at is set only by on_update, so without ON_UPDATE_URL nothing goes stale by time.
            boolean stale = event.publisherSeenAt() != null && event.publisherSeenAt().isBefore(now.minus(publisherStaleAfter));
            if (event.publisherSince() != null && "live".equals(event.streamStatus())
                    && event.publisherAddr() != null && !event.publisherAddr().equals(addr) && !stale) {
                return Optional.of("another publisher is live on this stream key");
            }
            return Optional.empty();
        }
    }
}
