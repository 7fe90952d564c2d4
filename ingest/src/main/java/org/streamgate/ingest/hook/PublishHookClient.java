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
 * {@code on_publish} is synchronous: 2xx allows; any other status, a timeout or a refused connection rejects.
 * 3xx is not followed (a rename is not supported yet), so it rejects too.
 * {@code on_publish_done} is fire-and-forget on a virtual thread; failures are logged.
 *
 * <p>Concurrency: thread-safe. The {@link HttpClient} is shared; each call runs on its caller's thread
 * (publish) or on a fresh virtual thread (publish_done). {@link #close()} stops new publish_done sends.
 */
public final class PublishHookClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PublishHookClient.class.getName());

    private final Optional<URI> onPublishUrl;
    private final Optional<URI> onPublishDoneUrl;
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
        this.onPublishUrl = onPublishUrl;
        this.onPublishDoneUrl = onPublishDoneUrl;
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
            int status = response.statusCode();
            return status >= 200 && status < 300
                    ? HookDecision.allow(status)
                    : HookDecision.reject(HookDecision.DENIED, status);
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
