package org.streamgate.ops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Topology C on one machine (issue "Operations", multi-node): the platform, one origin (the transcoder plus the
 * stack's own hls-delivery in {@code local} mode on its stream root), two edge hls-delivery nodes in {@code proxy}
 * mode pulling from the origin with the viewer's token ({@code UPSTREAM_FORWARD_TOKEN=true}), each with its own
 * segment cache and the platform's revocation feed, and Debian's nginx balancing viewers across the edges with the
 * operator's {@code ops/nginx/streamgate-edges.conf} location block. Several {@link LivePlayer}s play a live test
 * pattern through the balancer the whole time; the tests run in order, the edge kill last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeTopologyIT {

    private static final int PLAYERS = 3;
    private static final Duration REVOCATION_GOAL = Duration.ofSeconds(1);
    private static final Duration PLAYBACK_TIMEOUT = Duration.ofSeconds(40);

    private static final Http HTTP = new Http();
    private static StreamGateStack stack;
    private static StreamGateStack.DeliveryNode edge1;
    private static StreamGateStack.DeliveryNode edge2;
    private static NginxBalancer balancer;
    private static TestPatternPublisher publisher;
    private static final List<LivePlayer> players = new ArrayList<>();
    private static String streamPath;
    private static String viewerToken;
    /** A second code's token, the one that gets revoked, and that code's id for the admin API. */
    private static String revokedToken;
    private static String revokedCodeId;

    @BeforeAll
    static void startTopology() throws Exception {
        int balancerPort = FreePorts.next();
        String balancerUrl = "http://127.0.0.1:" + balancerPort;
        stack = StreamGateStack.start("multi-node", Map.of("HLS_SERVER_BASE_URL", balancerUrl));
        edge1 = stack.addDelivery("edge-1", edgeEnv("edge-1"));
        edge2 = stack.addDelivery("edge-2", edgeEnv("edge-2"));
        edge1.awaitHealthy();
        edge2.awaitHealthy();
        balancer = NginxBalancer.start(stack.newDirectory("nginx"), balancerPort, List.of(edge1.port(), edge2.port()));

        Instant now = Instant.now();
        Http.Response created = HTTP.postJson(stack.platformUrl() + "/api/admin/events", stack.adminToken,
                "{\"title\":\"Multi-node\",\"startsAt\":\"" + now + "\",\"endsAt\":\"" + now.plusSeconds(3600)
                        + "\",\"profile\":\"copy\"}");
        assertEquals(201, created.status(), created.body());
        JsonObject event = created.json();
        Http.Response codes = HTTP.postJson(stack.platformUrl() + "/api/admin/events/" + event.getString("id")
                + "/tokens", stack.adminToken, "{\"count\":2,\"label\":\"multi-node\"}");
        assertEquals(201, codes.status(), codes.body());
        List<JsonObject> tokens = codes.json().getJsonArray("tokens").getValuesAs(JsonObject.class);
        revokedCodeId = tokens.get(1).getString("id");

        publisher = TestPatternPublisher.start(stack.rtmpUrl(event.getString("streamKey")),
                stack.newDirectory("publisher").resolve("publisher.log"));
        JsonObject grant = validate(tokens.get(0).getString("code"), "viewer-device");
        assertEquals(balancerUrl, grant.getString("playbackBaseUrl"), "HLS_SERVER_BASE_URL is the balancer");
        streamPath = grant.getString("streamPath");
        viewerToken = grant.getString("playbackToken");
        revokedToken = validate(tokens.get(1).getString("code"), "revoked-device").getString("playbackToken");

        String masterUrl = balancer.url() + streamPath;
        awaitStatus(masterUrl, viewerToken, s -> s == 200, Duration.ofSeconds(40));
        awaitSegmentListed(masterUrl, Duration.ofSeconds(20));
        for (int i = 1; i <= PLAYERS; i++) {
            players.add(LivePlayer.start("viewer-" + i, masterUrl, viewerToken));
        }
    }

    private static Map<String, String> edgeEnv(String name) throws Exception {
        return Map.of(
                "DELIVERY_MODE", "proxy",
                "STREAM_ROOT", "", // an edge never sees the origin's disk
                "UPSTREAM_ORIGIN", stack.deliveryUrl() + "/streams/",
                "UPSTREAM_FORWARD_TOKEN", "true",
                "UPSTREAM_TIMEOUT_MS", "3000",
                "SEGMENT_CACHE_ROOT", stack.newDirectory(name + "-cache").toString());
    }

    @AfterAll
    static void stopTopology() throws Exception {
        for (LivePlayer player : players) {
            player.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (balancer != null) {
            balancer.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void viewersPlayThroughBothEdgesAndTheEdgesCacheTheOrigin() throws Exception {
        awaitEveryPlayer(3, "play three segments through the balancer");

        int viewerSegments = players.stream().mapToInt(LivePlayer::segmentsPlayed).sum();
        double edge1Segments = segmentsServed(edge1.url());
        double edge2Segments = segmentsServed(edge2.url());
        double originSegments = segmentsServed(stack.deliveryUrl());
        System.out.printf("[figure] %d viewers played %d segments; edge-1 served %.0f, edge-2 %.0f; origin served %.0f%n",
                PLAYERS, viewerSegments, edge1Segments, edge2Segments, originSegments);
        assertTrue(edge1Segments > 0, "edge-1 served no segment" + balancerLog());
        assertTrue(edge2Segments > 0, "edge-2 served no segment" + balancerLog());
        assertTrue(originSegments > 0, "the edges never pulled from the origin");
        assertTrue(originSegments < viewerSegments,
                "the origin served " + originSegments + " segments for " + viewerSegments + " played: the edges do not cache");
        assertEquals(0, segmentErrorsAtEdges(), "an edge answered a segment it could not get");
        assertNoTrouble();
    }

    @Test
    @Order(2)
    void revocationReachesBothEdgesWithinASecondAndUnrevokingRestoresThem() throws Exception {
        List<StreamGateStack.DeliveryNode> edges = List.of(edge1, edge2);
        for (StreamGateStack.DeliveryNode edge : edges) {
            assertEquals(200, HTTP.get(edge.url() + streamPath, revokedToken).status(), edge.name() + " before revoking");
        }

        long revokedAt = System.nanoTime();
        Http.Response revoke = HTTP.postJson(stack.platformUrl() + "/api/admin/tokens/" + revokedCodeId + "/revoke",
                stack.adminToken, "{}");
        assertEquals(200, revoke.status(), revoke.body());
        List<Duration> toForbidden = timeUntil(edges, s -> s == 403, revokedAt);
        for (int i = 0; i < edges.size(); i++) {
            System.out.printf("[figure] revoke -> 403 at %s: %d ms%n", edges.get(i).name(), toForbidden.get(i).toMillis());
            assertTrue(toForbidden.get(i).compareTo(REVOCATION_GOAL) <= 0,
                    edges.get(i).name() + " took " + toForbidden.get(i).toMillis() + " ms to refuse a revoked code");
        }

        long unrevokedAt = System.nanoTime();
        Http.Response unrevoke = HTTP.postJson(stack.platformUrl() + "/api/admin/tokens/" + revokedCodeId + "/unrevoke",
                stack.adminToken, "{}");
        assertEquals(200, unrevoke.status(), unrevoke.body());
        List<Duration> toServing = timeUntil(edges, s -> s == 200, unrevokedAt);
        for (int i = 0; i < edges.size(); i++) {
            System.out.printf("[figure] unrevoke -> 200 at %s (through the origin): %d ms%n", edges.get(i).name(),
                    toServing.get(i).toMillis());
        }
        assertNoTrouble();
    }

    @Test
    @Order(3)
    void killingAnEdgeDoesNotInterruptPlaybackThroughTheBalancer() throws Exception {
        List<Integer> playedBefore = players.stream().map(LivePlayer::segmentsPlayed).toList();
        List<Integer> retriesBefore = players.stream().map(p -> p.retries().size()).toList();
        int logBefore = balancer.accessLog().size();

        edge1.kill();
        System.out.println("[figure] edge-1 killed (SIGKILL) while " + PLAYERS + " viewers play");
        long deadline = System.nanoTime() + PLAYBACK_TIMEOUT.toNanos();
        for (int i = 0; i < players.size(); i++) {
            LivePlayer player = players.get(i);
            int target = playedBefore.get(i) + 4;
            while (player.segmentsPlayed() < target && System.nanoTime() < deadline) {
                assertTrue(player.isPlaying(), player.name() + " stopped: " + player.failures());
                Thread.sleep(100);
            }
            assertTrue(player.segmentsPlayed() >= target, player.name() + " played " + player.segmentsPlayed()
                    + " segments, wanted " + target + " after the kill" + balancerLog() + stack.logs());
        }

        List<String> afterKill = balancer.accessLog().subList(logBefore, balancer.accessLog().size());
        long redirected = afterKill.stream().filter(line -> line.contains("upstream=127.0.0.1:" + edge1.port() + ", ")).count();
        for (int i = 0; i < players.size(); i++) {
            LivePlayer player = players.get(i);
            List<String> retries = player.retries();
            List<String> newRetries = retries.subList(retriesBefore.get(i), retries.size());
            System.out.printf("[figure] %s: %d segments after the kill, %d request(s) retried by the player%s%n",
                    player.name(), player.segmentsPlayed() - playedBefore.get(i), newRetries.size(),
                    newRetries.isEmpty() ? "" : " " + newRetries);
            assertTrue(newRetries.size() <= 1, player.name() + " needed more than one retry: " + newRetries);
        }
        System.out.println("[figure] requests nginx moved from the dead edge to the live one: " + redirected);
        assertNoTrouble();
    }

    /** No player skipped a segment or failed a request twice. */
    private static void assertNoTrouble() {
        for (LivePlayer player : players) {
            assertEquals(List.of(), player.failures(), player.name() + " failures");
            assertEquals(List.of(), player.gaps(), player.name() + " gaps in " + player.sequences());
        }
    }

    private static void awaitEveryPlayer(int segments, String what) throws Exception {
        long deadline = System.nanoTime() + PLAYBACK_TIMEOUT.toNanos();
        for (LivePlayer player : players) {
            while (player.segmentsPlayed() < segments && System.nanoTime() < deadline) {
                assertTrue(player.isPlaying(), player.name() + " stopped: " + player.failures());
                Thread.sleep(100);
            }
            assertTrue(player.segmentsPlayed() >= segments, player.name() + " did not " + what + ": "
                    + player.failures() + balancerLog() + stack.logs());
        }
    }

    /**
     * Polls every node in parallel with {@link #revokedToken} until its status passes {@code until}; the time from
     * {@code since} for each. No sleep: each poll is one loopback round trip.
     */
    private static List<Duration> timeUntil(List<StreamGateStack.DeliveryNode> nodes, IntPredicate until, long since)
            throws Exception {
        long deadline = since + Duration.ofSeconds(10).toNanos();
        List<Future<Duration>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (StreamGateStack.DeliveryNode node : nodes) {
                results.add(pool.submit(() -> {
                    Http http = new Http();
                    int status;
                    do {
                        status = http.get(node.url() + streamPath, revokedToken).status();
                        if (until.test(status)) {
                            return Duration.ofNanos(System.nanoTime() - since);
                        }
                    } while (System.nanoTime() < deadline);
                    throw new AssertionError(node.name() + " still answers " + status + " after 10 s");
                }));
            }
            List<Duration> times = new ArrayList<>();
            for (Future<Duration> result : results) {
                times.add(result.get());
            }
            return times;
        }
    }

    /** {@code delivery_requests_total{kind="segment",status="200"}} of one hls-delivery node. */
    private static double segmentsServed(String nodeUrl) throws Exception {
        Http.Response metrics = HTTP.get(nodeUrl + "/metrics", null);
        assertEquals(200, metrics.status(), metrics.body());
        return PrometheusText.sum(metrics.body(), "delivery_requests_total", "kind=\"segment\"", "status=\"200\"");
    }

    /** Segment requests the edges answered 502 (origin unreachable or refusing), summed over both. */
    private static double segmentErrorsAtEdges() throws Exception {
        double errors = 0;
        for (StreamGateStack.DeliveryNode edge : List.of(edge1, edge2)) {
            String metrics = HTTP.get(edge.url() + "/metrics", null).body();
            errors += PrometheusText.sum(metrics, "delivery_requests_total", "kind=\"segment\"", "status=\"502\"");
        }
        return errors;
    }

    private static JsonObject validate(String code, String deviceId) throws Exception {
        Http.Response validation = HTTP.postJson(stack.platformUrl() + "/api/tokens/validate", null,
                "{\"code\":\"" + code + "\",\"deviceId\":\"" + deviceId + "\"}");
        assertEquals(200, validation.status(), validation.body());
        return validation.json();
    }

    private static void awaitStatus(String url, String token, IntPredicate ok, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http.Response last;
        do {
            last = HTTP.get(url, token);
            if (ok.test(last.status())) {
                return;
            }
            assertTrue(publisher.isAlive(), "the publisher died before the stream appeared" + stack.logs());
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET " + url + " still " + last.status() + " after " + timeout + balancerLog() + stack.logs());
    }

    private static void awaitSegmentListed(String masterUrl, Duration timeout) throws Exception {
        String mediaUrl = Playlists.uris(masterUrl, HTTP.get(masterUrl, viewerToken).body()).get(0);
        long deadline = System.nanoTime() + timeout.toNanos();
        Http.Response last;
        do {
            last = HTTP.get(mediaUrl, viewerToken);
            if (last.status() == 200 && !Playlists.uris(mediaUrl, last.body()).isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no segment listed in " + mediaUrl + ": " + last.status() + " " + last.body());
    }

    private static String balancerLog() {
        try {
            List<String> lines = balancer.accessLog();
            return "\n----- nginx access log (last 30)\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (Exception e) {
            return "\n(no nginx access log: " + e + ")";
        }
    }
}
