package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {

  private static final TrustedProxies LB = TrustedProxies.parse(
      List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32"));

  @Test
  @DisplayName("with no trusted proxies X-Forwarded-For is ignored: the client is the peer")
  void noneTrusted() {
    assertEquals("10.1.2.3", TrustedProxies.none().clientIp("10.1.2.3",
        List.of("203.0.113.9")));
    assertTrue(TrustedProxies.parse(List.of()).isEmpty());
  }

  @Test
  @DisplayName("a peer that is not a trusted proxy is the client, whatever it forwards")
  void untrustedPeer() {
    assertEquals("198.51.100.4", LB.clientIp("198.51.100.4", List.of("203.0.113.9")));
  }

  @Test
  @DisplayName("behind a trusted proxy the client is the rightmost untrusted hop, not a made-up "
      + "one further left")
  void rightmostUntrusted() {
    assertEquals("203.0.113.9", LB.clientIp("10.0.0.5", List.of("6.6.6.6, 203.0.113.9")));
    assertEquals("203.0.113.9", LB.clientIp("10.0.0.5",
        List.of("6.6.6.6, 203.0.113.9, 192.168.1.7, 10.9.9.9")));
  }

  @Test
  @DisplayName("several X-Forwarded-For headers are one list, in order")
  void severalHeaders() {
    assertEquals("203.0.113.9", LB.clientIp("10.0.0.5",
        List.of("6.6.6.6", "203.0.113.9", "10.2.2.2")));
  }

  @Test
  @DisplayName("when every hop is trusted, the leftmost is the client")
  void allTrusted() {
    assertEquals("10.3.3.3", LB.clientIp("10.0.0.5", List.of("10.3.3.3, 10.2.2.2")));
  }

  @Test
  @DisplayName("a trusted proxy that forwards nothing is itself the client")
  void trustedWithoutHeader() {
    assertEquals("10.0.0.5", LB.clientIp("10.0.0.5", List.of()));
  }

  @Test
  @DisplayName("a hop that is not an IP literal stops the walk at the last trusted hop")
  void garbageHop() {
    assertEquals("10.2.2.2", LB.clientIp("10.0.0.5", List.of("203.0.113.9, unknown, 10.2.2.2")));
    assertEquals("10.0.0.5", LB.clientIp("10.0.0.5", List.of("evil.example.com")));
    assertEquals("10.0.0.5", LB.clientIp("10.0.0.5", List.of("1.2.3")));
  }

  @Test
  @DisplayName("IPv6 hops, with brackets, ports or zones, and IPv4 with ports are read; "
      + "addresses come out canonical")
  void addressForms() {
    assertEquals("2001:db9::1", LB.clientIp("10.0.0.5", List.of("[2001:DB9:0::1]:443")));
    assertEquals("203.0.113.9", LB.clientIp("10.0.0.5", List.of("203.0.113.9:51234")));
    assertEquals("2001:db9::1", LB.clientIp("2001:db8::17", List.of("2001:db9::1")));
    assertEquals("fe80::1", LB.clientIp("10.0.0.5", List.of("fe80::1%eth0")));
  }

  @Test
  @DisplayName("an IPv4-mapped IPv6 peer matches IPv4 ranges and is logged as IPv4")
  void mappedPeer() {
    assertEquals("203.0.113.9", LB.clientIp("::ffff:10.0.0.5", List.of("203.0.113.9")));
    assertEquals("198.51.100.4", LB.clientIp("::ffff:198.51.100.4", List.of("203.0.113.9")));
  }

  @Test
  @DisplayName("prefix lengths that are not a multiple of 8 cut inside a byte")
  void oddPrefix() {
    TrustedProxies proxies = TrustedProxies.parse(List.of("172.16.0.0/12"));

    assertEquals("8.8.8.8", proxies.clientIp("172.31.255.255", List.of("8.8.8.8")));
    assertEquals("172.32.0.1", proxies.clientIp("172.32.0.1", List.of("8.8.8.8")));
  }

  @Test
  @DisplayName("0.0.0.0/0 trusts every IPv4 peer (then the leftmost IPv4 hop is the client)")
  void everything() {
    TrustedProxies all = TrustedProxies.parse(List.of("0.0.0.0/0"));

    assertEquals("1.1.1.1", all.clientIp("9.9.9.9", List.of("1.1.1.1, 2.2.2.2")));
  }

  @ParameterizedTest(name = "[{index}] '{0}'")
  @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "not-an-ip", "10.0.0",
      "2001:db8::/129", "10.0.0.1:80", "[::1]", "", "localhost"})
  @DisplayName("a malformed range is refused with a message naming it")
  void malformed(String cidr) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrustedProxies.parse(List.of("10.0.0.0/8", cidr)));
    assertTrue(e.getMessage().contains("'" + cidr.trim() + "'"), e.getMessage());
  }

  @Test
  @DisplayName("a peer that is no IP literal is returned as it is")
  void oddPeer() {
    assertEquals("unknown", LB.clientIp("unknown", List.of("203.0.113.9")));
  }
}
