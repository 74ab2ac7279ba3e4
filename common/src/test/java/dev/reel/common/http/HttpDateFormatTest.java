package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link HttpDate#format}: IMF-fixdate, RFC 9110 section 5.6.7. */
class HttpDateFormatTest {

  /** The JDK's own formatter for the same pattern, as the reference. */
  private static final DateTimeFormatter REFERENCE = DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "1994-11-06T08:49:37Z, 'Sun, 06 Nov 1994 08:49:37 GMT'",
      "1970-01-01T00:00:00Z, 'Thu, 01 Jan 1970 00:00:00 GMT'",
      "1969-12-31T23:59:59Z, 'Wed, 31 Dec 1969 23:59:59 GMT'",
      "2024-02-29T12:00:00.999Z, 'Thu, 29 Feb 2024 12:00:00 GMT'",
      "9999-12-31T23:59:59Z, 'Fri, 31 Dec 9999 23:59:59 GMT'"})
  @DisplayName("known dates, the epoch's edges, a leap day and a fraction of a second dropped")
  void knownDates(String instant, String expected) {
    assertEquals(expected, HttpDate.format(Instant.parse(instant)));
  }

  @Test
  @DisplayName("any second from year 1000 to 9999 is written as the JDK's formatter writes it")
  void asTheJdkWritesIt() {
    Random random = new Random(1130);
    long from = Instant.parse("1000-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 50_000; i++) {
      Instant instant = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)),
          random.nextInt(1_000_000_000));
      assertEquals(REFERENCE.format(instant), HttpDate.format(instant), instant.toString());
    }
  }

  @Test
  @DisplayName("a year of other than four digits is left to the JDK's formatter")
  void otherYears() {
    Instant early = Instant.parse("0999-06-01T00:00:00Z");
    assertEquals(REFERENCE.format(early), HttpDate.format(early));
  }
}
