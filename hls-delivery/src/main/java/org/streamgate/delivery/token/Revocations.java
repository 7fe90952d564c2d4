package org.streamgate.delivery.token;

import org.streamgate.common.token.PlaybackClaims;

/** What {@link TokenGate} needs from the revocation cache; declared here, where it is used. */
public interface Revocations {

    /** Whether the node may decide yet: false before the first sync when the fail mode is {@code closed}. */
    boolean ready();

    /** Whether the token's code, session or event has been revoked. */
    boolean isRevoked(PlaybackClaims claims);

    /** For a node without a platform (dev): nothing is ever revoked. */
    Revocations NONE = new Revocations() {
        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public boolean isRevoked(PlaybackClaims claims) {
            return false;
        }
    };
}
