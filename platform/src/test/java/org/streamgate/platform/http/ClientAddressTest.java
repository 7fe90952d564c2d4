package org.streamgate.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void untrustedPeerIgnoresForwardedFor() {
        ClientAddress a = new ClientAddress(List.of(Cidr.parse("10.0.0.0/8")));
        assertEquals("203.0.113.9", a.resolve("203.0.113.9", "1.2.3.4"));
    }

    @Test
    void noTrustedProxiesMeansPeer() {
        ClientAddress a = new ClientAddress(List.of());
        assertEquals("127.0.0.1", a.resolve("127.0.0.1", "1.2.3.4"));
    }

    @Test
    void trustedPeerTakesRightmostUntrustedHop() {
        ClientAddress a = new ClientAddress(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.168.1.1")));
        assertEquals("198.51.100.7", a.resolve("10.1.2.3", "6.6.6.6, 198.51.100.7, 192.168.1.1"));
        assertEquals("10.1.2.3", a.resolve("10.1.2.3", ""));
        assertEquals("10.1.2.3", a.resolve("10.1.2.3", "not-an-ip"));
    }

    @Test
    void cidrMatching() throws Exception {
        assertTrue(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("10.255.0.1")));
        assertFalse(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("11.0.0.1")));
        assertTrue(Cidr.parse("192.168.0.0/23").contains(InetAddress.getByName("192.168.1.200")));
        assertFalse(Cidr.parse("192.168.0.0/23").contains(InetAddress.getByName("192.168.2.1")));
        assertTrue(Cidr.parse("::1").contains(InetAddress.getByName("::1")));
        assertFalse(Cidr.parse("::1").contains(InetAddress.getByName("127.0.0.1")));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
    }
}
