package dev.reel.delivery.signing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * A raw query string, read without losing how it was written: a canned policy's resource is the
 * URL with its query as the signer wrote it, minus the signing parameters, so the parameters
 * keep their order and their spelling.
 */
public final class RequestQuery {

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  /** The query as received; empty for none. */
  private final String raw;
  /**
   * Where each {@code name=value} pair lies in {@link #raw}, three ints a pair: its start, its
   * '=' (or its end where it has none) and its end. A signed URL's query is read on every request
   * and its signature alone is hundreds of characters: positions, not copies of every part.
   */
  private final int[] pairs;
  private final int count;

  private RequestQuery(String raw, int[] pairs, int count) {
    this.raw = raw;
    this.pairs = pairs;
    this.count = count;
  }

  /**
   * @param rawQuery the query without its {@code ?}, as the HTTP server read it (each byte one
   *     ISO-8859-1 character); null or empty for none
   */
  public static RequestQuery parse(String rawQuery) {
    String raw = rawQuery == null ? "" : rawQuery;
    int[] pairs = new int[24];
    int count = 0;
    int start = 0;
    while (start < raw.length()) {
      int end = raw.indexOf('&', start);
      if (end < 0) {
        end = raw.length();
      }
      if (end > start) {
        if (3 * count + 3 > pairs.length) {
          pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        // The '=' looked for within the pair only: a search to the next '=' anywhere would read
        // the rest of the query again for every pair that has none.
        int equals = start;
        while (equals < end && raw.charAt(equals) != '=') {
          equals++;
        }
        pairs[3 * count] = start;
        pairs[3 * count + 1] = equals;
        pairs[3 * count + 2] = end;
        count++;
      }
      start = end + 1;
    }
    return new RequestQuery(raw, pairs, count);
  }

  /**
   * The first value of {@code name}, percent-decoded ({@code +} stays a plus). Raw bytes over 127
   * are not read as UTF-8 here: no value delivery reads (a signature, a key id, CMCD) has any.
   */
  public Optional<String> first(String name) {
    int i = indexOf(name);
    if (i < 0) {
      return Optional.empty();
    }
    int nameEnd = pairs[3 * i + 1];
    int end = pairs[3 * i + 2];
    return Optional.of(nameEnd == end ? "" : percentDecode(raw.substring(nameEnd + 1, end)));
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /**
   * The query as written (bytes over 127 read as UTF-8, see {@link #asUtf8}), minus the
   * parameters named; empty when nothing is left.
   */
  public String without(Set<String> names) {
    StringBuilder kept = null;
    for (int i = 0; i < count; i++) {
      if (named(i, names)) {
        continue;
      }
      if (kept == null) {
        kept = new StringBuilder();
      } else {
        kept.append('&');
      }
      kept.append(raw, pairs[3 * i], pairs[3 * i + 2]);
    }
    // A signed URL's query is often nothing but the signing parameters: nothing to build.
    return kept == null ? "" : asUtf8(kept.toString());
  }

  private int indexOf(String name) {
    for (int i = 0; i < count; i++) {
      if (nameIs(i, name)) {
        return i;
      }
    }
    return -1;
  }

  private boolean named(int i, Set<String> names) {
    for (String name : names) {
      if (nameIs(i, name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether pair {@code i}'s name, as written, is {@code name}. */
  private boolean nameIs(int i, String name) {
    int start = pairs[3 * i];
    return pairs[3 * i + 1] - start == name.length()
        && raw.regionMatches(start, name, 0, name.length());
  }

  /**
   * The query's characters as the client meant them. A URL has no bytes over 127 (RFC 3986), but
   * a signer given {@code ?n=é} signs it as written, the AWS SDK's {@code CloudFrontUtilities}
   * included, and curl then sends the {@code é} as its two UTF-8 bytes, which the HTTP server
   * reads as two ISO-8859-1 characters: read again as UTF-8, they match what was signed. Bytes
   * that are not UTF-8 are left as they were.
   */
  static String asUtf8(String latin1) {
    int i = 0;
    while (i < latin1.length() && latin1.charAt(i) < 0x80) {
      i++;
    }
    if (i == latin1.length()) {
      return latin1;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      return latin1;
    }
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
        out.append('%').append(HEX.toHexDigits(b));
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
