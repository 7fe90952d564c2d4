package org.streamgate.ingest.hook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import org.streamgate.common.internalapi.RtmpNotification;

/**
 * Sends nginx-rtmp {@code on_publish} / {@code on_publish_done} callbacks (DESIGN §3.6).
 * Bodies are {@link RtmpNotification#toFormBody()}, byte for byte as nginx-rtmp writes them.
 * {@code on_publish} is synchronous and answered as nginx-rtmp's {@code ngx_rtmp_notify_publish_handle} does:
 * 2xx allows; 3xx with a {@code Location} renames the stream to that value (taken raw), 3xx without one allows;
 * any other status, a timeout ({@code HOOK_TIMEOUT_MS}) or a refused connection rejects. Where nginx-rtmp would
 * relay to an {@code rtmp://} {@code Location}, ingest rejects ({@link HookDecision#RELAY_UNSUPPORTED}), and a
 * {@code Location} that is no plain stream name (empty, over 255 bytes, with {@code / ?}, spaces or control
 * characters) rejects too ({@link HookDecision#BAD_REDIRECT}).
 * {@code on_publish_done} is fire-and-forget on a virtual thread; failures are logged.
 *
 * <p>Concurrency: thread-safe. The {@link HttpClient} is shared; each call runs on its caller's thread
 * (publish) or on a fresh virtual thread (publish_done). {@link #close()} stops new publish_done sends.
 */
public final class PublishHookClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PublishHookClient.class.getName());

    /** nginx-rtmp's {@code NGX_RTMP_MAX_NAME} minus the terminating NUL. */
    static final int MAX_NAME_BYTES = 255;

    private final Optional<URI> onPublishUrl;
    private final Optional<URI> onPublishDoneUrl;
    private final Optional<URI> onUpdateUrl;
    private final boolean updateStrict;
    private final Duration timeout;
    private final HttpClient http;
    private final ExecutorService doneSender = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("publish-done-", 0).factory());
    private final AtomicBoolean warnedNoHook = new AtomicBoolean();
    private final LongConsumer latencyNanos;

    /**
     * @param latencyNanos receives the duration of every {@code on_publish} call that was actually made
     */
    public PublishHookClient(Optional<URI> onPublishUrl, Optional<URI> onPublishDoneUrl, Duration timeout,
                             LongConsumer latencyNanos) {
        this(onPublishUrl, onPublishDoneUrl, Optional.empty(), false, timeout, latencyNanos);
    }

    /**
     * @param onUpdateUrl  nginx-rtmp {@code on_update}: empty = no periodic updates
     * @param updateStrict nginx-rtmp {@code notify_update_strict}: only 2xx keeps the publisher (else 2xx and 3xx)
     */
    public PublishHookClient(Optional<URI> onPublishUrl, Optional<URI> onPublishDoneUrl, Optional<URI> onUpdateUrl,
                             boolean updateStrict, Duration timeout, LongConsumer latencyNanos) {
        this.onPublishUrl = onPublishUrl;
        this.onPublishDoneUrl = onPublishDoneUrl;
        this.onUpdateUrl = onUpdateUrl;
        this.updateStrict = updateStrict;
        this.timeout = timeout;
        this.latencyNanos = latencyNanos;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Asks {@code ON_PUBLISH_URL} whether this publisher may go on. Blocks up to the hook timeout. */
    public HookDecision authorize(RtmpNotification publish) {
        if (onPublishUrl.isEmpty()) {
            if (warnedNoHook.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING,
                        "ON_PUBLISH_URL is not set: every publisher is allowed (development only)");
            }
            return HookDecision.allowWithoutHook();
        }
        long start = System.nanoTime();
        try {
            HttpResponse<Void> response = http.send(request(onPublishUrl.get(), publish),
                    HttpResponse.BodyHandlers.discarding());
            return decide(response.statusCode(), response.headers().firstValue("Location"));
        } catch (HttpTimeoutException e) {
            return HookDecision.reject(HookDecision.TIMEOUT, 0);
        } catch (ConnectException e) {
            return HookDecision.reject(HookDecision.UNREACHABLE, 0);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "on_publish call failed: " + e.getClass().getSimpleName());
            return HookDecision.reject(HookDecision.ERROR, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HookDecision.reject(HookDecision.ERROR, 0);
        } finally {
            latencyNanos.accept(System.nanoTime() - start);
        }
    }

    public boolean updatesEnabled() {
        return onUpdateUrl.isPresent();
    }

    /**
     * Sends one {@code on_update} (blocking, up to the hook timeout) and says whether the publisher may stay, as
     * nginx-rtmp's {@code ngx_rtmp_notify_update_handle} does: 2xx stays; 3xx stays unless strict; any other status,
     * a timeout or a refused connection drops it. True when no {@code ON_UPDATE_URL} is set.
     */
    public boolean update(String body, String logId) {
        if (onUpdateUrl.isEmpty()) {
            return true;
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(onUpdateUrl.get())
                            .timeout(timeout)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            int family = response.statusCode() / 100;
            boolean keep = family == 2 || family == 3 && !updateStrict;
            if (!keep) {
                LOG.log(System.Logger.Level.WARNING, logId + " on_update answered " + response.statusCode());
            }
            return keep;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, logId + " on_update failed: " + e.getClass().getSimpleName());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true; // stopping: not the publisher's fault
        }
    }

    /** nginx-rtmp's reading of an {@code on_publish} answer (see the class comment). */
    static HookDecision decide(int status, Optional<String> location) {
        if (status / 100 == 2) {
            return HookDecision.allow(status);
        }
        if (status / 100 != 3) {
            return HookDecision.reject(HookDecision.DENIED, status);
        }
        if (location.isEmpty() || location.get().isEmpty()) {
            return HookDecision.allow(status);
        }
        String target = location.get();
        if (target.regionMatches(true, 0, "rtmp://", 0, 7)) {
            return HookDecision.reject(HookDecision.RELAY_UNSUPPORTED, status);
        }
        return isPlainStreamName(target)
                ? HookDecision.renameTo(status, target)
                : HookDecision.reject(HookDecision.BAD_REDIRECT, status);
    }

    private static boolean isPlainStreamName(String s) {
        if (s.isBlank() || s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7F || c == '/' || c == '?' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Sends {@code publish_done} in the background; never throws, never blocks the caller. */
    public void notifyDone(RtmpNotification publishDone, String logId) {
        if (onPublishDoneUrl.isEmpty()) {
            return;
        }
        try {
            doneSender.execute(() -> sendDone(publishDone, logId));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, logId + " publish_done not sent: ingest is stopping");
        }
    }

    private void sendDone(RtmpNotification publishDone, String logId) {
        try {
            HttpResponse<Void> response = http.send(request(onPublishDoneUrl.get(), publishDone),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                LOG.log(System.Logger.Level.WARNING, logId + " publish_done answered " + response.statusCode());
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, logId + " publish_done failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest request(URI url, RtmpNotification notification) {
        return HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(notification.toFormBody()))
                .build();
    }

    /** Waits briefly for in-flight publish_done calls, then stops. */
    @Override
    public void close() {
        doneSender.shutdown();
        try {
            if (!doneSender.awaitTermination(2, TimeUnit.SECONDS)) {
                doneSender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            doneSender.shutdownNow();
        }
        http.close();
    }
}
