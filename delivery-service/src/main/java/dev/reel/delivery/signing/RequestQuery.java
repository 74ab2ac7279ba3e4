package dev.reel.delivery.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A raw query string, read without losing how it was written: a canned policy's resource is the
 * URL with its query as the signer wrote it, minus the signing parameters, so the parameters
 * keep their order and their spelling.
 */
public final class RequestQuery {

  /** One {@code name=value} pair, as written. */
  private record Param(String rawName, String rawValue, String raw) {
  }

  private final List<Param> params;

  private RequestQuery(List<Param> params) {
    this.params = params;
  }

  /** @param rawQuery the query without its {@code ?}; null or empty for none */
  public static RequestQuery parse(String rawQuery) {
    List<Param> params = new ArrayList<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        params.add(equals < 0 ? new Param(pair, "", pair)
            : new Param(pair.substring(0, equals), pair.substring(equals + 1), pair));
      }
    }
    return new RequestQuery(params);
  }

  /** The first value of {@code name}, percent-decoded ({@code +} stays a plus). */
  public Optional<String> first(String name) {
    return params.stream().filter(p -> p.rawName().equals(name)).findFirst()
        .map(p -> percentDecode(p.rawValue()));
  }

  public boolean has(String name) {
    return params.stream().anyMatch(p -> p.rawName().equals(name));
  }

  /** The query as written, minus the parameters named; empty when nothing is left. */
  public String without(Set<String> names) {
    List<String> kept = new ArrayList<>();
    for (Param p : params) {
      if (!names.contains(p.rawName())) {
        kept.add(p.raw());
      }
    }
    return String.join("&", kept);
  }

  /** Percent-encodes everything but RFC 3986's unreserved characters. */
  public static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
    }
    return out.toString();
  }

  private static String percentDecode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()
          && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
        out.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
