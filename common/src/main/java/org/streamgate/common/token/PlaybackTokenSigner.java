package org.streamgate.common.token;

import java.nio.charset.StandardCharsets;

/** Issues playback tokens: compact JWS, HS256, signed with the current key, header naming its {@code kid}. */
public final class PlaybackTokenSigner {

    private final SigningKey key;
    private final String encodedHeader;

    public PlaybackTokenSigner(SigningKeys keys) {
        this.key = keys.current();
        this.encodedHeader = key.encodedHeader();
    }

    public String sign(PlaybackClaims claims) {
        String payload = Hs256.JSON_BUILDERS.createObjectBuilder()
                .add("sub", claims.subject())
                .add("eid", claims.eventId())
                .add("sid", claims.sessionId())
                .add("sp", claims.streamPrefix())
                .add("aud", claims.audience())
                .add("iat", claims.issuedAt().getEpochSecond())
                .add("exp", claims.expiresAt().getEpochSecond())
                .build()
                .toString();
        String signingInput = encodedHeader + "." + Hs256.B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        byte[] signature = key.mac(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Hs256.B64.encodeToString(signature);
    }
}
