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

  /**
   * IMF-fixdate of {@code instant} (to the second, as HTTP-dates are), written by hand: a
   * response's {@code Last-Modified} is formatted on every request, and a {@link
   * DateTimeFormatter} takes several times as long for the same 29 characters.
   */
  public static String format(Instant instant) {
    long second = instant.getEpochSecond();
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(second, SECONDS_PER_DAY));
    int year = date.getYear();
    if (year < 1000 || year > 9999) {
      return IMF_FIXDATE.format(instant);
    }
    int ofDay = (int) Math.floorMod(second, SECONDS_PER_DAY);
    char[] out = new char[IMF_FIXDATE_LENGTH];
    String weekday = WEEKDAYS.get(date.getDayOfWeek().ordinal());
    String month = MONTHS.get(date.getMonthValue() - 1);
    out[0] = weekday.charAt(0);
    out[1] = weekday.charAt(1);
    out[2] = weekday.charAt(2);
    out[3] = ',';
    out[4] = ' ';
    twoDigits(out, 5, date.getDayOfMonth());
    out[7] = ' ';
    out[8] = month.charAt(0);
    out[9] = month.charAt(1);
    out[10] = month.charAt(2);
    out[11] = ' ';
    twoDigits(out, 12, year / 100);
    twoDigits(out, 14, year % 100);
    out[16] = ' ';
    twoDigits(out, 17, ofDay / 3600);
    out[19] = ':';
    twoDigits(out, 20, ofDay / 60 % 60);
    out[22] = ':';
    twoDigits(out, 23, ofDay % 60);
    out[25] = ' ';
    out[26] = 'G';
    out[27] = 'M';
    out[28] = 'T';
    return new String(out);
  }

  private static void twoDigits(char[] out, int at, int value) {
    out[at] = (char) ('0' + value / 10);
    out[at + 1] = (char) ('0' + value % 10);
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
  /** In {@link java.time.DayOfWeek} order. */
  private static final List<String> WEEKDAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
      "Sun");
  private static final int IMF_FIXDATE_LENGTH = "Sun, 06 Nov 1994 08:49:37 GMT".length();
  private static final long SECONDS_PER_DAY = 86_400;
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
    Instant fixdate = imfFixdate(trimmed);
    if (fixdate != null) {
      return Optional.of(fixdate);
    }
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
   * The instant of an IMF-fixdate in exactly its canonical shape, which is what every server
   * sends (S3's {@code Last-Modified} among them), read without a {@link DateTimeFormatter}; null
   * for anything else, which the general readers then take: another shape, or a date that does
   * not exist or falls on another weekday than the one named.
   */
  private static Instant imfFixdate(String value) {
    if (value.length() != IMF_FIXDATE_LENGTH || value.charAt(3) != ',' || value.charAt(4) != ' '
        || value.charAt(7) != ' ' || value.charAt(11) != ' ' || value.charAt(16) != ' '
        || value.charAt(19) != ':' || value.charAt(22) != ':' || !value.endsWith(" GMT")) {
      return null;
    }
    int weekday = WEEKDAYS.indexOf(value.substring(0, 3));
    int month = MONTHS.indexOf(value.substring(8, 11)) + 1;
    int day = digits(value, 5, 2);
    int year = digits(value, 12, 4);
    int hour = digits(value, 17, 2);
    int minute = digits(value, 20, 2);
    int second = digits(value, 23, 2);
    if (weekday < 0 || month < 1 || day < 1 || day > 31 || year < 0 || hour > 23 || minute > 59
        || second > 59 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    LocalDate date;
    try {
      date = LocalDate.of(year, month, day);
    } catch (DateTimeException noSuchDay) {
      return null;
    }
    if (date.getDayOfWeek().ordinal() != weekday) {
      return null;
    }
    return Instant.ofEpochSecond(date.toEpochDay() * SECONDS_PER_DAY + hour * 3600L
        + minute * 60L + second);
  }

  /** The decimal number of {@code count} digits at {@code at}, or -1 if one is no digit. */
  private static int digits(String value, int at, int count) {
    int number = 0;
    for (int i = at; i < at + count; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      number = number * 10 + (c - '0');
    }
    return number;
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
