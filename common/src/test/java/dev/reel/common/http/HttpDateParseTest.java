package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HttpDate#parse} against RFC 9110 section 5.6.7. */
class HttpDateParseTest {

  private static final Instant NOW = Instant.parse("2026-11-30T06:40:00Z");
  private static final Instant SAMPLE = Instant.parse("1994-11-06T08:49:37Z");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
      "Sun Nov  6 08:49:37 1994", "  Sun Nov  6 08:49:37 1994 "})
  @DisplayName("the RFC's own example date is read in each of the three formats")
  void threeFormats(String value) {
    assertEquals(Optional.of(SAMPLE), HttpDate.parse(value, NOW));
  }

  @Test
  @DisplayName("the dates of the acceptance test: RFC 850 and asctime with a two-digit day")
  void acceptanceDates() {
    Instant expected = Instant.parse("2026-11-30T06:06:39Z");
    assertEquals(Optional.of(expected),
        HttpDate.parse("Monday, 30-Nov-26 06:06:39 GMT", NOW));
    assertEquals(Optional.of(expected), HttpDate.parse("Mon Nov 30 06:06:39 2026", NOW));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"26, 2026", "76, 2076", "77, 1977", "99, 1999", "00, 2000"})
  @DisplayName("a two-digit year more than 50 years ahead is the most recent past one")
  void twoDigitYears(int twoDigits, int year) {
    assertEquals(year, HttpDate.fullYear(twoDigits, NOW));
  }

  @Test
  @DisplayName("a two-digit year near a century's end may be read into the next century")
  void nextCentury() {
    Instant late = Instant.parse("2090-06-01T00:00:00Z");
    assertEquals(2110, HttpDate.fullYear(10, late));
    assertEquals(2050, HttpDate.fullYear(50, late));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"yesterday", "", "Sunday, 06-Nov-94 08:49:37 UTC",
      "Monday, 06-Nov-94 08:49:37 GMT", "Sunday, 31-Nov-94 08:49:37 GMT",
      "Sun Nov  6 08:49:37 94", "Mon Nov  6 08:49:37 1994", "Sun Nov  6 25:49:37 1994",
      "Sun, 06-Nov-94 08:49:37 GMT", "Mon, 06 Nov 1994 08:49:37 GMT",
      "Thu, 31 Nov 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 08:60:37 GMT", "Sun, 06 Xyz 1994 08:49:37 GMT",
      "Sun, 06 Nov 19x4 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC"})
  @DisplayName("no date, a wrong weekday, an impossible day or time, or a mixed format is none")
  void invalid(String value) {
    assertTrue(HttpDate.parse(value, NOW).isEmpty(), value);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sun, 06 nov 1994 08:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 08:49:37 +0000"})
  @DisplayName("IMF-fixdate's near relatives that RFC 1123 allows are still read")
  void relatives(String value) {
    assertEquals(Optional.of(SAMPLE), HttpDate.parse(value, NOW));
  }

  @Test
  @DisplayName("every second over four centuries reads back from its IMF-fixdate, as the JDK's "
      + "RFC 1123 reader reads it")
  void readsWhatTheJdkReads() {
    java.util.Random random = new java.util.Random(20261130);
    long from = Instant.parse("1800-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      Instant instant = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)));
      String text = HttpDate.format(instant);
      assertEquals(Optional.of(instant), HttpDate.parse(text, NOW), text);
      assertEquals(java.time.ZonedDateTime.parse(text,
          java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(), instant, text);
    }
  }

  @Test
  @DisplayName("an absent value is none")
  void absent() {
    assertTrue(HttpDate.parse(null, NOW).isEmpty());
  }
}
