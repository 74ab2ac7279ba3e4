package dev.reel.delivery.signing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An {@code AWS:SourceIp} value: an IPv4 or IPv6 range in CIDR notation ({@code 192.0.2.0/24},
 * {@code 2001:db8::/32}); a bare address stands for itself alone. An IPv6 range within the
 * IPv4-mapped block {@code ::ffff:0:0/96} ({@code ::ffff:192.0.2.0/120}) names IPv4 addresses,
 * and an IPv4 viewer is matched against it as {@code ::ffff:a.b.c.d}; a wider IPv6 range
 * ({@code ::/0}) does not take in IPv4 viewers.
 */
public record IpRange(byte[] network, int prefixLength, String text) {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  /** The length of {@code ::ffff:0:0/96}, the IPv4-mapped block (RFC 4291 2.5.5.2). */
  private static final int MAPPED_PREFIX_BITS = 96;

  /** The range {@code text} names, or empty when it is not one. */
  public static Optional<IpRange> parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    Optional<InetAddress> parsed = literal(address);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = parsed.get().getAddress();
    if (bytes.length == 4 && address.indexOf(':') >= 0) {
      // The JDK reads ::ffff:a.b.c.d as the IPv4 address; the prefix length is IPv6's.
      bytes = mapped(bytes);
    }
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String digits = text.substring(slash + 1);
      if (!digits.matches("\\d{1,3}")) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(digits);
      if (prefix > max) {
        return Optional.empty();
      }
    }
    return Optional.of(new IpRange(bytes, prefix, text));
  }

  /**
   * An IP address written as a literal. Names are refused before the JDK sees them: parsing a
   * policy must never turn into a DNS lookup.
   */
  public static Optional<InetAddress> literal(String address) {
    byte[] quad = plainDottedQuad(address);
    if (quad != null) {
      try {
        return Optional.of(InetAddress.getByAddress(quad));
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    boolean v4 = IPV4.matcher(address).matches() && octetsInRange(address);
    boolean v6 = !v4 && address.indexOf(':') >= 0 && IPV6.matcher(address).matches();
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(address));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /**
   * The four bytes of a dotted quad written the plain way (each octet 0-255 in one to three
   * digits, no leading zero), read by hand: a viewer's address is read on every signed request.
   * Null for anything else, which goes the general way.
   */
  private static byte[] plainDottedQuad(String address) {
    byte[] quad = new byte[4];
    int octet = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= address.length(); i++) {
      char c = i < address.length() ? address.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if ((digits == 1 && value == 0) || digits == 3) {
          return null;
        }
        value = value * 10 + (c - '0');
        digits++;
      } else if (c == '.' && digits > 0 && value <= 255 && octet < 4) {
        quad[octet++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        return null;
      }
    }
    return octet == 4 ? quad : null;
  }

  /** A dotted quad with an octet over 255 would reach the JDK as a host name. */
  private static boolean octetsInRange(String dottedQuad) {
    for (String octet : dottedQuad.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length == 4 && network.length == 16 && prefixLength >= MAPPED_PREFIX_BITS
        && isMapped(network)) {
      candidate = mapped(candidate);
    }
    if (candidate.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xFF << (8 - remainingBits)) & 0xFF;
    return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  /** {@code ::ffff:a.b.c.d} for the IPv4 address {@code a.b.c.d}. */
  private static byte[] mapped(byte[] ipv4) {
    byte[] v6 = new byte[16];
    v6[10] = (byte) 0xFF;
    v6[11] = (byte) 0xFF;
    System.arraycopy(ipv4, 0, v6, 12, 4);
    return v6;
  }

  private static boolean isMapped(byte[] v6) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return false;
      }
    }
    return v6[10] == (byte) 0xFF && v6[11] == (byte) 0xFF;
  }

  @Override
  public String toString() {
    return text;
  }
}
