package dev.reel.common.http;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header every response carries (RFC 9110 section 6.6.1: an origin server with a
 * clock must send it), in the IMF-fixdate form. It changes once a second, so it is formatted at
 * most once a second, not once a response; a stale read by another event loop is one second off.
 */
public final class HttpDate {

  private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private record Stamp(long epochSecond, String text) {
  }

  private final Clock clock;
  private volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

  public HttpDate(Clock clock) {
    this.clock = clock;
  }

  public static String format(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  /** The header's value for this second. */
  public String now() {
    long second = Math.floorDiv(clock.millis(), 1000L);
    Stamp stamp = last;
    if (stamp.epochSecond() != second) {
      stamp = new Stamp(second, format(Instant.ofEpochSecond(second)));
      last = stamp;
    }
    return stamp.text();
  }
}
