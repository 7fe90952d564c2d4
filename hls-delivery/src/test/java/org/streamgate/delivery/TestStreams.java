package org.streamgate.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.streamgate.common.token.PlaybackClaims;
import org.streamgate.common.token.PlaybackTokenSigner;
import org.streamgate.common.token.SigningKeys;

/**
 * A temporary stream root with two fake events, the secrets to sign tokens for them, and a fixed clock.
 *
 * <pre>
 * outside/secret.ts                      a file outside the stream root
 * root/secret.ts                         a file in the root but outside every event
 * root/ev1/master.m3u8                   master playlist (never ended)
 * root/ev1/720p/index.m3u8               live media playlist
 * root/ev1/720p/0.ts, 1.ts               fake segments (known bytes)
 * root/ev1/vod/index.m3u8                ended playlist with EXT-X-MAP and EXT-X-KEY
 * root/ev1/720p/notes.txt                wrong extension
 * root/ev1/720p/.hidden.ts               hidden file
 * root/ev1/720p/escape.ts -> outside/secret.ts       symlink out of the root
 * root/ev1/720p/sibling.ts -> ../../ev2/720p/0.ts    symlink into another event
 * root/ev2/720p/0.ts                     another event's segment
 * </pre>
 */
public final class TestStreams {

    public static final String SECRET = "test-playback-secret-0123456789abcdef";
    public static final String OTHER_SECRET = "another-playback-secret-0123456789abcdef";
    public static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final String EVENT = "ev1";
    public static final String OTHER_EVENT = "ev2";
    public static final byte[] SEGMENT_0 = segmentBytes(0, 2000);
    public static final byte[] SEGMENT_1 = segmentBytes(1, 3000);
    public static final String MASTER = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720
            720p/index.m3u8
            """;
    public static final String LIVE = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PROGRAM-DATE-TIME:2030-01-01T11:59:56.000Z
            #EXTINF:2.000,
            0.ts
            #EXTINF:2.000,
            1.ts
            """;
    public static final String VOD = """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:2
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-KEY:METHOD=AES-128,URI="key.bin?v=1",IV=0x1
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:2.000,
            0.m4s
            #EXTINF:2.000,
            https://cdn.example.com/elsewhere/1.m4s
            #EXT-X-ENDLIST
            """;

    public final Path base;
    public final Path root;

    private TestStreams(Path base) {
        this.base = base;
        this.root = base.resolve("root");
    }

    public static TestStreams create() {
        try {
            TestStreams s = new TestStreams(Files.createTempDirectory("delivery-test"));
            Files.createDirectories(s.base.resolve("outside"));
            Files.write(s.base.resolve("outside/secret.ts"), "OUTSIDE-SECRET".getBytes(StandardCharsets.US_ASCII));
            Path ev1 = Files.createDirectories(s.root.resolve(EVENT + "/720p"));
            Files.createDirectories(s.root.resolve(EVENT + "/vod"));
            Path ev2 = Files.createDirectories(s.root.resolve(OTHER_EVENT + "/720p"));
            Files.write(s.root.resolve("secret.ts"), "ROOT-SECRET".getBytes(StandardCharsets.US_ASCII));
            Files.writeString(s.root.resolve(EVENT + "/master.m3u8"), MASTER);
            Files.writeString(ev1.resolve("index.m3u8"), LIVE);
            Files.write(ev1.resolve("0.ts"), SEGMENT_0);
            Files.write(ev1.resolve("1.ts"), SEGMENT_1);
            Files.writeString(ev1.resolve("notes.txt"), "not media");
            Files.write(ev1.resolve(".hidden.ts"), SEGMENT_0);
            Files.writeString(s.root.resolve(EVENT + "/vod/index.m3u8"), VOD);
            Files.write(ev2.resolve("0.ts"), "OTHER-EVENT".getBytes(StandardCharsets.US_ASCII));
            Files.createSymbolicLink(ev1.resolve("escape.ts"), s.base.resolve("outside/secret.ts"));
            Files.createSymbolicLink(ev1.resolve("sibling.ts"), Path.of("../../" + OTHER_EVENT + "/720p/0.ts"));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("STREAM_ROOT", root.toString());
        env.put("PLAYBACK_SIGNING_SECRET", SECRET);
        env.put("CORS_ALLOWED_ORIGIN", "https://portal.example.com");
        return env;
    }

    public DeliveryConfig config() {
        return DeliveryConfig.from(env());
    }

    public static String token(String eventId) {
        return sign(SECRET, PlaybackClaims.forSession("code-1", eventId, "session-1", NOW.minusSeconds(60), Duration.ofMinutes(10)));
    }

    public static String sign(String secret, PlaybackClaims claims) {
        return new PlaybackTokenSigner(SigningKeys.of(secret, null)).sign(claims);
    }

    public void delete() {
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] segmentBytes(int seed, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i % 188 == 0 ? 0x47 : (i * 31 + seed));
        }
        return b;
    }
}
