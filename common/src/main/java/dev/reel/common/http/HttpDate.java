package dev.reel.common.http;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP-dates. Sent always as IMF-fixdate ({@link #format}); among them the {@code Date} header
 * every response carries (RFC 9110 section 6.6.1: an origin server with a clock must send it),
 * which changes once a second, so an instance formats it at most once a second ({@link #now}), not
 * once a response; a stale read by another event loop is one second off.
 *
 * <p>Read ({@link #parse}) in any of the three formats RFC 9110 section 5.6.7 says a recipient
 * must accept: IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 format
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and ANSI C's asctime ({@code Sun Nov  6 08:49:37
 * 1994}). Old clients and caches still send the latter two in conditional requests; a date that
 * were not read would make the condition void and cost a full body or a wrong answer.
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

  private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun",
      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
  private static final String MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
  private static final String TIME = "(\\d{2}:\\d{2}:\\d{2})";
  private static final Pattern RFC_850 = Pattern.compile("([A-Za-z]+), (\\d{2})-" + MONTH
      + "-(\\d{2}) " + TIME + " GMT");
  private static final Pattern ASCTIME = Pattern.compile("([A-Za-z]{3}) " + MONTH
      + " {1,2}(\\d{1,2}) " + TIME + " (\\d{4})");
  /** RFC 9110: a two-digit year is never read as more than this many years ahead. */
  private static final int TWO_DIGIT_YEAR_HORIZON = 50;

  /** The instant {@code value} names, or empty when it is no HTTP-date. */
  public static Optional<Instant> parse(String value) {
    return parse(value, Instant.now());
  }

  /**
   * The instant {@code value} names, or empty when it is no HTTP-date.
   *
   * @param now the time a two-digit year is read against
   */
  public static Optional<Instant> parse(String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    try {
      return Optional.of(ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME)
          .toInstant());
    } catch (DateTimeParseException notImf) {
      // One of the obsolete formats, or nothing.
    }
    Matcher rfc850 = RFC_850.matcher(trimmed);
    if (rfc850.matches()) {
      int year = fullYear(Integer.parseInt(rfc850.group(4)), now);
      return at(year, rfc850.group(3), rfc850.group(2), rfc850.group(5), rfc850.group(1),
          TextStyle.FULL);
    }
    Matcher asctime = ASCTIME.matcher(trimmed);
    if (asctime.matches()) {
      return at(Integer.parseInt(asctime.group(5)), asctime.group(2), asctime.group(3),
          asctime.group(4), asctime.group(1), TextStyle.SHORT);
    }
    return Optional.empty();
  }

  /**
   * RFC 9110 section 5.6.7: a two-digit year that would be more than 50 years in the future is
   * the most recent past year with the same last two digits.
   */
  static int fullYear(int twoDigits, Instant now) {
    int thisYear = now.atZone(ZoneOffset.UTC).getYear();
    int year = thisYear - Math.floorMod(thisYear, 100) + 100 + twoDigits;
    while (year > thisYear + TWO_DIGIT_YEAR_HORIZON) {
      year -= 100;
    }
    return year;
  }

  /** The date, if it exists and falls on the weekday named. */
  private static Optional<Instant> at(int year, String month, String day, String time,
      String weekday, TextStyle weekdayStyle) {
    try {
      LocalDateTime date = LocalDate.of(year, MONTHS.indexOf(month) + 1, Integer.parseInt(day))
          .atTime(LocalTime.parse(time));
      if (!date.getDayOfWeek().getDisplayName(weekdayStyle, Locale.US).equals(weekday)) {
        return Optional.empty();
      }
      return Optional.of(date.toInstant(ZoneOffset.UTC));
    } catch (DateTimeException invalid) {
      return Optional.empty();
    }
  }
}
