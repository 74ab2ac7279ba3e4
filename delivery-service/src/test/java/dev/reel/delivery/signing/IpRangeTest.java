package dev.reel.delivery.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

  @ParameterizedTest(name = "{1} in {0} -> {2}")
  @DisplayName("an address is in a CIDR range when its first prefix-length bits agree")
  @CsvSource({
      "192.0.2.0/24, 192.0.2.77, true",
      "192.0.2.0/24, 192.0.3.1, false",
      "10.0.0.0/8, 10.255.1.2, true",
      "198.51.100.7/32, 198.51.100.7, true",
      "198.51.100.7/32, 198.51.100.8, false",
      "198.51.100.7, 198.51.100.7, true",
      "172.16.0.0/12, 172.31.255.255, true",
      "172.16.0.0/12, 172.32.0.0, false",
      "0.0.0.0/0, 203.0.113.9, true",
      "2001:db8::/32, 2001:db8:1::5, true",
      "2001:db8::/32, 2001:db9::5, false",
      "2001:db8::/32, 192.0.2.1, false",
      "127.0.0.1/32, ::ffff:127.0.0.1, true",
      // IPv4-mapped ranges are IPv6 ranges (a /24 of them is not 127.0.0.0/24) that name IPv4
      // viewers; a wider IPv6 range takes in none.
      "::ffff:127.0.0.1/128, 127.0.0.1, true",
      "::ffff:127.0.0.1/128, 127.0.0.2, false",
      "::ffff:0:0/96, 203.0.113.9, true",
      "::ffff:7f00:1/128, 127.0.0.1, true",
      "::ffff:127.0.0.0/120, 127.0.0.200, true",
      "::ffff:127.0.0.0/120, 127.0.1.1, false",
      "::ffff:127.0.0.0/24, 127.0.0.1, false",
      "::/0, 127.0.0.1, false",
      "::/0, 2001:db8::1, true"})
  void contains(String range, String address, boolean expected) throws Exception {
    assertEquals(expected, IpRange.parse(range).orElseThrow()
        .contains(InetAddress.getByName(address)));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("host names, bad prefixes and octets over 255 are not ranges")
  @ValueSource(strings = {"example.com/24", "localhost", "192.0.2.0/33", "2001:db8::/129",
      "999.1.1.1/8", "192.0.2.0/", "192.0.2.0/x", "1.2.3/24", ""})
  void refuses(String text) {
    assertTrue(IpRange.parse(text).isEmpty());
  }

  @Test
  @DisplayName("the text of the range is kept as written, for a policy that repeats it")
  void keepsText() {
    assertEquals("192.0.2.0/24", IpRange.parse("192.0.2.0/24").orElseThrow().toString());
  }

  @Test
  @DisplayName("a plain dotted quad, read by hand, is the address the JDK reads; other spellings "
      + "go the general way (leading zeros, missing or extra parts, names, IPv6)")
  void literals() throws Exception {
    java.util.Random random = new java.util.Random(4);
    for (int i = 0; i < 5_000; i++) {
      String quad = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256)
          + "." + random.nextInt(256);
      assertEquals(InetAddress.getByName(quad), IpRange.literal(quad).orElseThrow(), quad);
    }
    assertEquals(InetAddress.getByName("0.0.0.0"), IpRange.literal("0.0.0.0").orElseThrow());
    assertEquals(InetAddress.getByName("::1"), IpRange.literal("::1").orElseThrow());
    for (String notAnAddress : new String[] {"256.1.1.1", "1.2.3", "1.2.3.4.", "1..2.3",
        "1.2.3.4.5", ".1.2.3", "1.2.3.1000", "a.b.c.d", "localhost", "", "1.2.3.-4"}) {
      assertTrue(IpRange.literal(notAnAddress).isEmpty(), notAnAddress);
    }
  }
}
