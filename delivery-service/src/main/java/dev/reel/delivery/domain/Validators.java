package dev.reel.delivery.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP validators (RFC 9110 section 8.8) and the {@code If-Range} decision built on them. */
public final class Validators {

  /** IMF-fixdate: the one date format a server may send (two-digit day, GMT). */
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private Validators() {
  }

  public static String httpDate(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  /**
   * Whether a Range may be honoured under {@code If-Range} (RFC 9110 section 13.1.5): when the
   * header is absent, or names exactly the current representation: the same strong ETag, or a
   * date equal to Last-Modified. A weak ETag never matches. Otherwise the whole body is sent, so
   * a resumed download never splices two versions.
   */
  public static boolean rangeApplies(String ifRange, String etag, Instant lastModified) {
    if (ifRange == null) {
      return true;
    }
    String value = ifRange.trim();
    if (value.startsWith("\"") || value.startsWith("W/")) {
      return etag != null && !value.startsWith("W/") && !etag.startsWith("W/")
          && value.equals(etag);
    }
    if (lastModified == null) {
      return false;
    }
    try {
      Instant date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return date.getEpochSecond() == lastModified.getEpochSecond();
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
