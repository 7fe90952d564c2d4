package org.streamgate.platform.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves the client address of a request. {@code X-Forwarded-For} is believed only when the peer is one of
 * {@code TRUSTED_PROXIES}; then the list is walked from the right, skipping trusted proxies, and the first address
 * that is not a trusted proxy is the client. Otherwise the peer address counts.
 */
public final class ClientAddress {

    private final List<Cidr> trustedProxies;

    public ClientAddress(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    public String of(ServerRequest req) {
        String peer = peer(req.remotePeer().address());
        String xff = String.join(",", req.headers().values(HeaderNames.X_FORWARDED_FOR));
        return resolve(peer, xff);
    }

    /** @param xff the joined {@code X-Forwarded-For} values, possibly empty */
    public String resolve(String peer, String xff) {
        if (!isTrusted(peer) || xff == null || xff.isBlank()) {
            return peer;
        }
        String[] hops = xff.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty()) {
                continue;
            }
            if (!isIpLiteral(hop)) {
                return peer;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        if (trustedProxies.isEmpty() || !isIpLiteral(address)) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName(address);
            for (Cidr c : trustedProxies) {
                if (c.contains(a)) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isIpLiteral(String s) {
        return !s.isEmpty() && s.length() <= 45 && s.matches("[0-9A-Fa-f:.]+");
    }

    private static String peer(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            InetAddress a = inet.getAddress();
            return a == null ? inet.getHostString() : a.getHostAddress();
        }
        return String.valueOf(address);
    }
}
