package org.streamgate.transcoder.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.streamgate.common.internalapi.InternalApiKey;
import org.streamgate.common.internalapi.StreamStateReport;

/**
 * Sends state changes to {@code POST {PLATFORM_APP_URL}/internal/events/<eventId>/stream-state} (DESIGN §3.8),
 * off the caller's thread, retrying with backoff until the platform answers 2xx. A 4xx answer other than 408 and
 * 429 (the platform does not know the event, or refuses the key or the body) is final: the report is dropped and
 * logged once, since sending it again cannot help. Anything else (5xx, 408, 429, refused connection, timeout) is
 * retried. Reports of one event are delivered in the order they were made; events do not hold each other up.
 *
 * <p>Concurrency: {@link #report} appends to the event's queue under the instance lock and starts that event's
 * sender (a virtual thread) if none is running; the sender takes from the queue under the same lock and exits
 * when the queue is empty. {@link #close()} stops all senders.
 */
public final class PlatformClient implements StateReporter, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PlatformClient.class.getName());
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);

    private final URI base;
    private final InternalApiKey key;
    private final HttpClient http;
    private final Map<String, ArrayDeque<StreamStateReport>> queues = new HashMap<>();
    private final Map<String, Thread> senders = new HashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private boolean closed;

    public PlatformClient(URI base, InternalApiKey key) {
        this.base = base;
        this.key = key;
        this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    }

    @Override
    public void report(String eventId, StreamStateReport report) {
        synchronized (this) {
            if (closed) {
                return;
            }
            queues.computeIfAbsent(eventId, k -> new ArrayDeque<>()).addLast(report);
            if (!senders.containsKey(eventId)) {
                senders.put(eventId, Thread.ofVirtual().name("report-" + eventId).start(() -> drain(eventId)));
            }
        }
    }

    public long delivered() {
        return delivered.get();
    }

    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Reports the platform refused with a final 4xx, which were dropped. */
    public long rejected() {
        return rejected.get();
    }

    /** Reports not yet acknowledged. */
    public synchronized int pending() {
        return queues.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    @Override
    public void close() {
        Map<String, Thread> running;
        synchronized (this) {
            closed = true;
            running = Map.copyOf(senders);
        }
        running.values().forEach(Thread::interrupt);
    }

    private void drain(String eventId) {
        while (true) {
            StreamStateReport next;
            synchronized (this) {
                ArrayDeque<StreamStateReport> q = queues.get(eventId);
                if (closed || q == null || q.isEmpty()) {
                    queues.remove(eventId);
                    senders.remove(eventId);
                    return;
                }
                next = q.peekFirst();
            }
            if (!deliver(eventId, next)) {
                return; // interrupted: closing
            }
            synchronized (this) {
                ArrayDeque<StreamStateReport> q = queues.get(eventId);
                if (q != null) {
                    q.pollFirst();
                }
            }
        }
    }

    /** A 4xx other than 408 Request Timeout and 429 Too Many Requests: sending the same report again cannot help. */
    static boolean isFinalRejection(int status) {
        return status / 100 == 4 && status != 408 && status != 429;
    }

    /** @return true once acknowledged or finally rejected (the report is done with), false when interrupted */
    private boolean deliver(String eventId, StreamStateReport report) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/internal/events/" + eventId + "/stream-state"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(InternalApiKey.HEADER, key.value())
                .POST(HttpRequest.BodyPublishers.ofString(report.toJson().toString()))
                .build();
        Duration wait = FIRST_RETRY;
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    delivered.incrementAndGet();
                    LOG.log(System.Logger.Level.DEBUG, eventId + " reported " + report.state().wireName());
                    return true;
                }
                if (isFinalRejection(response.statusCode())) {
                    rejected.incrementAndGet();
                    LOG.log(System.Logger.Level.WARNING, eventId + " state report '" + report.state().wireName()
                            + "' rejected by the platform (HTTP " + response.statusCode() + "); not retrying");
                    return true;
                }
                problem = "HTTP " + response.statusCode();
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                return false;
            }
            failedAttempts.incrementAndGet();
            if (attempt == 1 || attempt % 10 == 0) {
                LOG.log(System.Logger.Level.WARNING, eventId + " state report '" + report.state().wireName()
                        + "' not acknowledged (" + problem + "), attempt " + attempt + ", retrying");
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return false;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
        }
    }
}
