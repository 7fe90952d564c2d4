package org.streamgate.delivery.token.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.streamgate.common.internalapi.RevocationChange;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.common.token.PlaybackTokenSigner;
import org.streamgate.common.token.PlaybackTokenVerifier;
import org.streamgate.common.token.SigningKeys;
import org.streamgate.delivery.DeliveryConfig;
import org.streamgate.delivery.path.StreamPath;
import org.streamgate.delivery.revocation.RevocationState;
import org.streamgate.delivery.token.PresentedToken;
import org.streamgate.delivery.token.TokenCache;
import org.streamgate.delivery.token.TokenGate;

/**
 * The token check of every stream request, as {@code StreamService} calls it: {@link TokenGate#admit} with the
 * verified-token cache (goal in issue 5: at least 5 million per second on one core when cached), and the same gate
 * with the cache off for comparison. The gate also checks the event and prefix against the path and asks a synced
 * {@link RevocationState} holding 3 000 revocations. {@link #cacheLookup} is the bare {@link TokenCache#get}.
 *
 * <p>1 024 distinct tokens, each request's text a fresh {@code String} built from bytes, as a request header is, so
 * the cache pays for hashing and comparing the ~350 characters every time.
 *
 * <p>Run with {@code scripts/bench/token.sh}; {@code mvn verify} compiles this class but never runs it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenGateBenchmark {

    private static final int TOKENS = 1024;
    private static final String SECRET = "bench-playback-secret-0123456789abcdef-0123456789";
    private static final Duration LEEWAY = Duration.ofSeconds(5);

    private TokenGate cachedGate;
    private TokenGate uncachedGate;
    private TokenCache cache;
    private StreamPath path;
    private byte[][] tokens;
    private Instant now;
    private int next;

    @Setup
    public void setUp() {
        Clock clock = Clock.systemUTC();
        now = clock.instant();
        SigningKeys keys = SigningKeys.of(SECRET, null);
        PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(keys, LEEWAY);
        RevocationState revocations = new RevocationState(DeliveryConfig.FailMode.CLOSED, Duration.ofMinutes(30), clock);
        for (int i = 0; i < 1000; i++) {
            for (RevocationChange.Kind kind : RevocationChange.Kind.values()) {
                revocations.apply(new RevocationChange(kind, "revoked-" + i, true, now));
            }
        }
        revocations.markSynced();
        cache = new TokenCache(50_000);
        cachedGate = new TokenGate(verifier, LEEWAY, cache, revocations, clock);
        uncachedGate = new TokenGate(verifier, LEEWAY, new TokenCache(0), revocations, clock);
        path = StreamPath.parse("/streams/bench-event/source/3.ts");

        PlaybackTokenSigner signer = new PlaybackTokenSigner(keys);
        tokens = new byte[TOKENS][];
        for (int i = 0; i < TOKENS; i++) {
            String token = signer.sign(PlaybackClaims.forSession("code-" + i, "bench-event", "session-" + i, now,
                    Duration.ofMinutes(10)));
            tokens[i] = token.getBytes(StandardCharsets.US_ASCII);
            cachedGate.admit(presented(i), path);
        }
        if (cache.size() != TOKENS) {
            throw new IllegalStateException("cache holds " + cache.size() + " tokens, expected " + TOKENS);
        }
    }

    private Optional<PresentedToken> presented(int i) {
        return Optional.of(new PresentedToken(new String(tokens[i], StandardCharsets.US_ASCII), Optional.empty()));
    }

    @Benchmark
    public PlaybackClaims admitCached() {
        return cachedGate.admit(presented(next++ & (TOKENS - 1)), path);
    }

    @Benchmark
    public PlaybackClaims admitUncached() {
        return uncachedGate.admit(presented(next++ & (TOKENS - 1)), path);
    }

    @Benchmark
    public PlaybackClaims cacheLookup() {
        return cache.get(new String(tokens[next++ & (TOKENS - 1)], StandardCharsets.US_ASCII), now);
    }
}
