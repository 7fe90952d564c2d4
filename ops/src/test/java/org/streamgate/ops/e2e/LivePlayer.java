package org.streamgate.ops.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A viewer that plays a live stream the way hls.js does: master playlist, first variant's media playlist, then each
 * new segment in order, starting at the live edge and reloading the playlist; the token goes in
 * {@code Authorization: Bearer}. A failed request (no answer, or not 200) is retried once; a second failure is
 * recorded and the player moves on. Records every segment's media sequence number, so a test can assert that
 * playback never skipped one.
 *
 * <p>Concurrency: one virtual thread plays; the recorded lists are copy-on-write, read by the test thread.
 */
final class LivePlayer implements AutoCloseable {

    /** hls.js reloads a live playlist about every target duration, sooner when nothing was new; 2 s segments. */
    static final Duration RELOAD_INTERVAL = Duration.ofMillis(500);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final String masterUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Long> sequences = new CopyOnWriteArrayList<>();
    private final List<String> retries = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<String> gaps = new CopyOnWriteArrayList<>();
    private volatile boolean playing = true;
    private final Thread thread;

    private LivePlayer(String name, String masterUrl, String token) {
        this.name = name;
        this.masterUrl = masterUrl;
        this.token = token;
        this.thread = Thread.ofVirtual().name("player-" + name).start(this::play);
    }

    static LivePlayer start(String name, String masterUrl, String token) {
        return new LivePlayer(name, masterUrl, token);
    }

    private void play() {
        try {
            String mediaUrl = Playlists.uris(masterUrl, text(masterUrl)).get(0);
            long next = -1;
            while (playing) {
                Playlists.Media media;
                try {
                    media = Playlists.media(mediaUrl, text(mediaUrl));
                } catch (IOException failedTwice) {
                    Thread.sleep(RELOAD_INTERVAL);
                    continue;
                }
                if (next < 0) {
                    next = media.lastSequence();
                }
                if (next < media.firstSequence()) {
                    gaps.add("sequences " + next + ".." + (media.firstSequence() - 1) + " slid out of the playlist");
                    next = media.firstSequence();
                }
                for (; playing && next <= media.lastSequence(); next++) {
                    try {
                        fetch(media.segment(next));
                        sequences.add(next);
                    } catch (IOException failedTwice) {
                        // recorded as a failure; like a player, skip it (gaps() shows the jump)
                    }
                }
                if (media.ended()) {
                    return;
                }
                Thread.sleep(RELOAD_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            failures.add("player stopped: " + e);
        }
    }

    private String text(String url) throws IOException, InterruptedException {
        return new String(fetch(url), StandardCharsets.UTF_8);
    }

    /** One request, retried once like hls.js's default network-error retry. */
    private byte[] fetch(String url) throws IOException, InterruptedException {
        String firstProblem;
        try {
            return get(url);
        } catch (IOException | IllegalStateException e) {
            firstProblem = e.toString();
        }
        retries.add(url + ": " + firstProblem);
        try {
            return get(url);
        } catch (IOException | IllegalStateException e) {
            failures.add(url + ": " + firstProblem + ", then " + e);
            throw new IOException("failed twice: " + url, e);
        }
    }

    private byte[] get(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared >= 0 && declared != response.body().length) {
            throw new IOException("truncated body: " + response.body().length + " of " + declared + " bytes");
        }
        return response.body();
    }

    String name() {
        return name;
    }

    /** Media sequence numbers of the segments played, in order. */
    List<Long> sequences() {
        return new ArrayList<>(sequences);
    }

    int segmentsPlayed() {
        return sequences.size();
    }

    List<String> retries() {
        return new ArrayList<>(retries);
    }

    List<String> failures() {
        return new ArrayList<>(failures);
    }

    /** Segments skipped because the player fell behind the sliding playlist, and jumps in the sequence. */
    List<String> gaps() {
        List<String> all = new ArrayList<>(gaps);
        List<Long> played = sequences();
        for (int i = 1; i < played.size(); i++) {
            if (played.get(i) != played.get(i - 1) + 1) {
                all.add("played " + played.get(i - 1) + " then " + played.get(i));
            }
        }
        return all;
    }

    boolean isPlaying() {
        return thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        playing = false;
        thread.interrupt();
        thread.join(Duration.ofSeconds(5));
        http.close();
    }
}
