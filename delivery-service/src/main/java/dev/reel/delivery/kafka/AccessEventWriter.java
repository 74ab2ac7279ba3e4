package dev.reel.delivery.kafka;

import dev.reel.common.event.DeliveryAccessed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes {@link AccessEvent}s for one thread: a growing scratch array with the few JSON and time
 * forms an event needs, and the shared array that finished events are placed in. Not thread-safe;
 * {@link AccessEvent#of} keeps one per thread.
 */
final class AccessEventWriter {

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = ascii("null");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  /** Years that the forms below write with four digits and no sign. */
  private static final long FIRST_PLAIN_SECOND =
      LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long LAST_PLAIN_SECOND =
      LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

  private byte[] bytes = new byte[1024];
  private int length;
  private byte[] chunk = new byte[0];
  private int chunkUsed;

  AccessEventWriter reset() {
    length = 0;
    return this;
  }

  /** How many bytes were written since {@link #reset}. */
  int length() {
    return length;
  }

  /**
   * Copies what was written to the current shared array, or to a new one when it has no room
   * left; an event too large to share one is given an array of its own.
   */
  AccessEvent place(int keyEnd, int idEnd, int timeEnd) {
    byte[] target;
    int start;
    if (length > AccessEvent.CHUNK_BYTES / 16) {
      target = new byte[length];
      start = 0;
    } else {
      if (chunkUsed + length > chunk.length) {
        chunk = new byte[AccessEvent.CHUNK_BYTES];
        chunkUsed = 0;
      }
      target = chunk;
      start = chunkUsed;
      chunkUsed += length;
    }
    System.arraycopy(bytes, 0, target, start, length);
    return new AccessEvent(target, start, start + keyEnd, start + idEnd, start + timeEnd,
        start + length);
  }

  /** The data, with the fields in the record's order, as Jackson writes them. */
  void json(DeliveryAccessed access) {
    asciiText("{\"assetId\":");
    string(access.assetId());
    asciiText(",\"method\":");
    string(access.method());
    asciiText(",\"path\":");
    string(access.path());
    asciiText(",\"status\":");
    number(access.status());
    asciiText(",\"bytesSent\":");
    number(access.bytesSent());
    asciiText(",\"range\":");
    string(access.range());
    asciiText(",\"durationMs\":");
    number(access.durationMs());
    asciiText(",\"timeToFirstByteMicros\":");
    if (access.timeToFirstByteMicros() == null) {
      append(NULL);
    } else {
      number(access.timeToFirstByteMicros());
    }
    asciiText(",\"cacheHit\":");
    append(access.cacheHit() ? TRUE : FALSE);
    asciiText(",\"clientIp\":");
    string(access.clientIp());
    asciiText(",\"userAgent\":");
    string(access.userAgent());
    asciiText(",\"referer\":");
    string(access.referer());
    asciiText(",\"keyId\":");
    string(access.keyId());
    asciiText(",\"servedAt\":");
    instant(access.servedAt());
    asciiText(",\"requestId\":");
    string(access.requestId());
    asciiText(",\"protocol\":");
    string(access.protocol());
    asciiText(",\"cmcd\":");
    cmcd(access.cmcd());
    put('}');
  }

  private void cmcd(Map<String, String> cmcd) {
    if (cmcd == null) {
      append(NULL);
      return;
    }
    put('{');
    boolean first = true;
    for (Map.Entry<String, String> entry : cmcd.entrySet()) {
      if (!first) {
        put(',');
      }
      first = false;
      string(entry.getKey());
      put(':');
      string(entry.getValue());
    }
    put('}');
  }

  /** Text known to be ASCII, as it is: field names with their colons, numbers, times. */
  private void asciiText(String ascii) {
    int n = ascii.length();
    room(n);
    for (int i = 0; i < n; i++) {
      bytes[length++] = (byte) ascii.charAt(i);
    }
  }

  /**
   * A JSON string as Jackson's UTF-8 generator writes it: quote and backslash escaped, the
   * control characters in their short escapes where JSON has one and as four hex digits
   * otherwise, any other character that is not a surrogate in UTF-8, and each surrogate as its
   * own four-hex-digit escape.
   */
  private void string(String text) {
    if (text == null) {
      append(NULL);
      return;
    }
    int n = text.length();
    room(2 + 6 * n);
    bytes[length++] = '"';
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          bytes[length++] = (byte) c;
        } else {
          escape(c);
        }
      } else if (c < 0x800) {
        bytes[length++] = (byte) (0xC0 | (c >> 6));
        bytes[length++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        unicodeEscape(c);
      } else {
        bytes[length++] = (byte) (0xE0 | (c >> 12));
        bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        bytes[length++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    bytes[length++] = '"';
  }

  private void escape(char c) {
    char shortForm = switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '\b' -> 'b';
      case '\t' -> 't';
      case '\n' -> 'n';
      case '\f' -> 'f';
      case '\r' -> 'r';
      default -> 0;
    };
    if (shortForm != 0) {
      bytes[length++] = '\\';
      bytes[length++] = (byte) shortForm;
    } else {
      unicodeEscape(c);
    }
  }

  private void unicodeEscape(char c) {
    bytes[length++] = '\\';
    bytes[length++] = 'u';
    bytes[length++] = HEX[(c >> 12) & 0xF];
    bytes[length++] = HEX[(c >> 8) & 0xF];
    bytes[length++] = HEX[(c >> 4) & 0xF];
    bytes[length++] = HEX[c & 0xF];
  }

  /** A text of ASCII or other UTF-8, unquoted: a Kafka key or header value. */
  void raw(String text) {
    if (isAscii(text)) {
      asciiText(text);
    } else {
      append(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void number(long value) {
    if (value == Long.MIN_VALUE) {
      asciiText(Long.toString(value));
      return;
    }
    room(20);
    if (value < 0) {
      bytes[length++] = '-';
      value = -value;
    }
    int count = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      count++;
    }
    digits(value, count);
  }

  /** An instant as Jackson writes it (ISO-8601, the fraction in groups of three digits). */
  private void instant(Instant time) {
    if (time == null) {
      append(NULL);
      return;
    }
    if (!plain(time)) {
      asciiText('"' + time.toString() + '"');
      return;
    }
    room(32);
    bytes[length++] = '"';
    dateTime(time);
    int nano = time.getNano();
    if (nano != 0) {
      int digits = nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
      fraction(nano, digits);
    }
    bytes[length++] = 'Z';
    bytes[length++] = '"';
  }

  /**
   * A time as the CloudEvents SDK writes {@code ce_time} (ISO-8601 with offset, here UTC, and
   * no trailing zeros in the fraction).
   */
  void offsetTime(Instant time) {
    if (!plain(time)) {
      asciiText(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atOffset(ZoneOffset.UTC)));
      return;
    }
    room(32);
    dateTime(time);
    int nano = time.getNano();
    if (nano != 0) {
      int digits = 9;
      for (int rest = nano; rest % 10 == 0; rest /= 10) {
        digits--;
      }
      fraction(nano, digits);
    }
    bytes[length++] = 'Z';
  }

  private static boolean plain(Instant time) {
    long second = time.getEpochSecond();
    return second >= FIRST_PLAIN_SECOND && second <= LAST_PLAIN_SECOND;
  }

  /** {@code yyyy-MM-ddTHH:mm:ss}, the seconds always written. */
  private void dateTime(Instant time) {
    LocalDateTime utc = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
    digits(utc.getYear(), 4);
    bytes[length++] = '-';
    digits(utc.getMonthValue(), 2);
    bytes[length++] = '-';
    digits(utc.getDayOfMonth(), 2);
    bytes[length++] = 'T';
    digits(utc.getHour(), 2);
    bytes[length++] = ':';
    digits(utc.getMinute(), 2);
    bytes[length++] = ':';
    digits(utc.getSecond(), 2);
  }

  /** The first {@code count} of the nine digits of a fraction of a second, after a point. */
  private void fraction(int nano, int count) {
    bytes[length++] = '.';
    int value = nano;
    for (int i = count; i < 9; i++) {
      value /= 10;
    }
    digits(value, count);
  }

  /** The last {@code count} digits of {@code value}, zeros in front where it has fewer. */
  private void digits(long value, int count) {
    for (int i = length + count - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += count;
  }

  private void put(char ascii) {
    room(1);
    bytes[length++] = (byte) ascii;
  }

  private void append(byte[] more) {
    room(more.length);
    System.arraycopy(more, 0, bytes, length, more.length);
    length += more.length;
  }

  private void room(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
    }
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
