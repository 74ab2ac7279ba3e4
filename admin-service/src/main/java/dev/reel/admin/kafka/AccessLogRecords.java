package dev.reel.admin.kafka;

import dev.reel.admin.domain.AccessLogLine;
import dev.reel.common.event.EventCodec.MalformedEventException;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads a {@code delivery.access} record of Kafka as an {@link AccessLogLine}, straight from its
 * headers when it is a CloudEvent in binary mode, as delivery sends them.
 *
 * <p>The CloudEvents SDK's deserializer decodes every header to a string, builds a map of them
 * and the event, and parses the time with a {@code DateTimeFormatter}: at a busy edge's rate
 * that was most of the archiver's time, for two attributes it keeps (the time and the data) and
 * one it checks (the type). Here only the id and the type are decoded, the time is read by hand
 * in the form the SDK writes ({@code 2026-03-04T10:59:59.987Z}) and by the formatter in any
 * other, and {@code ce_specversion} (compared as bytes), {@code ce_id} and {@code ce_source}
 * must be there. Anything else (a structured-mode event, another spec version) goes through the
 * SDK's deserializer, so what the SDK reads, this reads.
 */
final class AccessLogRecords {

  private static final CloudEventDeserializer CLOUD_EVENTS = new CloudEventDeserializer();
  private static final byte[] SPEC_VERSION = "1.0".getBytes(StandardCharsets.US_ASCII);
  private static final String STRUCTURED = "application/cloudevents";

  private AccessLogRecords() {
  }

  /** The line of one record; {@link RuntimeException} when it is not a valid event. */
  static AccessLogLine read(String topic, Headers headers, byte[] value) {
    byte[] specVersion = value(headers, "ce_specversion");
    byte[] contentType = value(headers, "content-type");
    if (specVersion == null || !Arrays.equals(specVersion, SPEC_VERSION)
        || (contentType != null && startsWith(contentType, STRUCTURED))) {
      return AccessLogLine.of(CLOUD_EVENTS.deserialize(topic, headers, value));
    }
    String id = text(headers, "ce_id");
    if (id == null || id.isEmpty()) {
      throw new MalformedEventException("event without an id");
    }
    byte[] source = value(headers, "ce_source");
    if (source == null || source.length == 0) {
      throw new MalformedEventException("event " + id + " has no source");
    }
    byte[] time = value(headers, "ce_time");
    return AccessLogLine.of(id, text(headers, "ce_type"), time == null ? null : instant(time),
        value == null || value.length == 0 ? null : value);
  }

  /** An RFC 3339 time, as {@link OffsetDateTime#parse} reads it. */
  static Instant instant(byte[] time) {
    Instant utc = plainUtc(time);
    if (utc != null) {
      return utc;
    }
    try {
      return OffsetDateTime.parse(new String(time, StandardCharsets.UTF_8)).toInstant();
    } catch (DateTimeException e) {
      throw new MalformedEventException("time unreadable: " + e.getMessage());
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, with a fraction of one to nine digits, read by
   * hand; null for any other text, and for a date or time that does not exist, which the
   * formatter then refuses with its reason.
   */
  private static Instant plainUtc(byte[] t) {
    int zone = t.length - 1;
    if (zone < 19 || zone > 29 || t[zone] != 'Z' || t[4] != '-' || t[7] != '-' || t[10] != 'T'
        || t[13] != ':' || t[16] != ':' || (zone > 19 && (t[19] != '.' || zone == 20))) {
      return null;
    }
    int fraction = zone > 19 ? zone - 20 : 0;
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    int nanos = digits(t, 20, fraction);
    if ((year | month | day | hour | minute | second | nanos) < 0) {
      return null;
    }
    for (int i = fraction; i < 9; i++) {
      nanos *= 10;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The number in {@code length} ASCII digits from {@code from}; -1 if one is not a digit. */
  private static int digits(byte[] text, int from, int length) {
    int number = 0;
    for (int i = from; i < from + length; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      number = number * 10 + digit;
    }
    return number;
  }

  private static byte[] value(Headers headers, String key) {
    Header header = headers.lastHeader(key);
    return header == null ? null : header.value();
  }

  private static String text(Headers headers, String key) {
    byte[] value = value(headers, key);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  private static boolean startsWith(byte[] value, String prefix) {
    if (value.length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.toLowerCase(value[i]) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
