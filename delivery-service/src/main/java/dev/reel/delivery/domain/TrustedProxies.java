package dev.reel.delivery.domain;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The proxies (load balancers, a CDN) whose {@code X-Forwarded-For} delivery believes, as CIDR
 * ranges, and the client address that follows from them.
 *
 * <p>Anyone can send {@code X-Forwarded-For}, so it only counts when the connection comes from a
 * trusted proxy, and then only as far as the chain of trusted proxies goes: reading the header
 * from the right, the first address that is not a trusted proxy is the client. An address the
 * client made up sits further left and is never reached. Only IP literals are read; nothing is
 * ever looked up in DNS.
 */
public final class TrustedProxies {

  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** Trusts no one: the client is always the connection's peer. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Ranges like {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or single addresses.
   *
   * @throws IllegalArgumentException naming the first entry that is not one
   */
  public static TrustedProxies parse(List<String> cidrs) {
    List<Range> ranges = new ArrayList<>();
    for (String cidr : cidrs) {
      ranges.add(Range.parse(cidr.trim()));
    }
    return ranges.isEmpty() ? NONE : new TrustedProxies(ranges);
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /**
   * The client's address, in its canonical text form.
   *
   * @param peer the address of the connection's other end
   * @param forwardedFor every {@code X-Forwarded-For} header of the request, in order
   */
  public String clientIp(String peer, List<String> forwardedFor) {
    Optional<InetAddress> peerAddress = literal(peer);
    if (peerAddress.isEmpty()) {
      return peer;
    }
    InetAddress client = peerAddress.get();
    if (!trusts(client)) {
      return text(client);
    }
    List<String> hops = hops(forwardedFor);
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = literal(hops.get(i));
      if (hop.isEmpty()) {
        // "unknown", an obfuscated name or garbage: nothing left of it can be believed.
        break;
      }
      client = hop.get();
      if (!trusts(client)) {
        break;
      }
    }
    return text(client);
  }

  private boolean trusts(InetAddress address) {
    byte[] bytes = address.getAddress();
    return ranges.stream().anyMatch(range -> range.contains(bytes));
  }

  private static List<String> hops(List<String> headers) {
    List<String> hops = new ArrayList<>();
    for (String header : headers) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.trim());
        }
      }
    }
    return hops;
  }

  /**
   * The address an IP literal names: IPv4, IPv6 (with or without brackets, with a zone or a
   * port as some proxies add them). IPv4-mapped IPv6 addresses come back as IPv4.
   */
  static Optional<InetAddress> literal(String text) {
    if (text == null || text.isEmpty() || text.length() > 64) {
      return Optional.empty();
    }
    String host = text;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      host = host.substring(1, close);
    } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      host = host.substring(0, host.indexOf(':')); // IPv4 with a port
    }
    int zone = host.indexOf('%');
    if (zone >= 0) {
      host = host.substring(0, zone);
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException impossible) {
      return Optional.empty();
    }
  }

  private static String text(InetAddress address) {
    return NetUtil.toAddressString(address);
  }

  /** A CIDR range: the network's leading {@code prefix} bits. */
  private record Range(byte[] network, int prefix) {

    static Range parse(String cidr) {
      int slash = cidr.indexOf('/');
      String address = slash < 0 ? cidr : cidr.substring(0, slash);
      Optional<InetAddress> network = address.contains("[") || address.contains("%")
          ? Optional.empty() : literal(address);
      if (network.isEmpty() || (address.indexOf(':') >= 0
          && address.indexOf(':') == address.lastIndexOf(':'))) {
        throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range");
      }
      byte[] bytes = network.get().getAddress();
      int bits = bytes.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0-"
              + bits);
        }
      }
      return new Range(bytes, prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest);
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }
}
