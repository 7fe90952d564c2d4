package org.streamgate.common.token.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.streamgate.common.token.InvalidTokenException;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.common.token.PlaybackTokenSigner;
import org.streamgate.common.token.PlaybackTokenVerifier;
import org.streamgate.common.token.SigningKeys;

/**
 * Full verification of a playback token, what hls-delivery does on a token-cache miss (DESIGN §3.3; goal in issue 5:
 * at least 500 000 per second on one core). The verifier keeps nothing between calls, so every call pays the
 * base64url decoding, the HMAC-SHA256, the constant-time comparison and the JSON parse of header and payload.
 *
 * <p>{@link #verify} cycles through 1 024 distinct tokens whose text arrives as fresh {@code String}s built from
 * bytes, as a request header does; their header is the one our signer writes, as for every token the platform
 * issues. {@link #verifyOtherHeader} does the same with the header's members reordered, so the header is parsed
 * too. {@link #sign} is there for comparison (the platform's side).
 *
 * <p>Run with {@code scripts/bench/token.sh}; {@code mvn verify} compiles this class but never runs it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenVerificationBenchmark {

    private static final int TOKENS = 1024;
    private static final String SECRET = "bench-playback-secret-0123456789abcdef-0123456789";
    private static final String PREVIOUS_SECRET = "bench-previous-secret-0123456789abcdef-0123456789";

    private PlaybackTokenVerifier verifier;
    private PlaybackTokenSigner signer;
    private byte[][] tokens;
    private byte[][] otherHeaderTokens;
    private PlaybackClaims claims;
    private Instant now;
    private int next;

    @Setup
    public void setUp() {
        SigningKeys keys = SigningKeys.of(SECRET, PREVIOUS_SECRET);
        verifier = new PlaybackTokenVerifier(keys, Duration.ofSeconds(5));
        signer = new PlaybackTokenSigner(keys);
        now = Instant.now();
        tokens = new byte[TOKENS][];
        for (int i = 0; i < TOKENS; i++) {
            PlaybackClaims c = PlaybackClaims.forSession("code-" + i, "event-" + (i % 7), "session-" + i, now,
                    Duration.ofMinutes(10));
            tokens[i] = signer.sign(c).getBytes(StandardCharsets.US_ASCII);
        }
        claims = PlaybackClaims.forSession("code-1", "event-1", "session-1", now, Duration.ofMinutes(10));
        otherHeaderTokens = new byte[TOKENS][];
        for (int i = 0; i < TOKENS; i++) {
            otherHeaderTokens[i] = withOtherHeader(new String(tokens[i], StandardCharsets.US_ASCII), keys.current().kid());
        }
    }

    /** The same token, re-signed under a header with the same meaning in another spelling (members reordered). */
    private static byte[] withOtherHeader(String token, String kid) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"kid\":\"" + kid + "\",\"typ\":\"JWT\",\"alg\":\"HS256\"}";
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + token.split("\\.")[1];
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
            return (input + "." + b64.encodeToString(signature)).getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public PlaybackClaims verify() throws InvalidTokenException {
        byte[] token = tokens[next++ & (TOKENS - 1)];
        return verifier.verify(new String(token, StandardCharsets.US_ASCII), now);
    }

    /** A header other than the one our signer writes (another issuer's JWT library): parsed and checked in full. */
    @Benchmark
    public PlaybackClaims verifyOtherHeader() throws InvalidTokenException {
        byte[] token = otherHeaderTokens[next++ & (TOKENS - 1)];
        return verifier.verify(new String(token, StandardCharsets.US_ASCII), now);
    }

    @Benchmark
    public String sign() {
        return signer.sign(claims);
    }
}
