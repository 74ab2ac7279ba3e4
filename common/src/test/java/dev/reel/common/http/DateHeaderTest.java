package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DateHeaderTest {

  private static final Pattern DATE = Pattern.compile("(?i)\r\ndate: ([^\r]+)\r\n");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      "GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n",
      "GARBAGE\r\n\r\n"})
  @DisplayName("every response, a success, a 404, a 400 or a malformed request's, has a Date")
  void everyResponseIsDated(String request) throws Exception {
    try (EdgeServer server = EdgeServer.start()) {
      String response = RawHttp.exchange(server.port(), request);
      Matcher date = DATE.matcher(response);
      assertTrue(date.find(), response);
      Instant sent = DateTimeFormatter.RFC_1123_DATE_TIME.parse(date.group(1), Instant::from);
      assertTrue(Duration.between(sent, Instant.now()).abs().toSeconds() < 5, date.group(1));
    }
  }

  @Test
  @DisplayName("the Date is an IMF-fixdate of the current second, a two-digit day and GMT")
  void formatsTheCurrentSecond() {
    AtomicLong millis = new AtomicLong(Instant.parse("2026-11-03T04:05:06.900Z").toEpochMilli());
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
      }
    };
    HttpDate date = new HttpDate(clock);
    assertEquals("Tue, 03 Nov 2026 04:05:06 GMT", date.now());
    millis.addAndGet(100);
    assertEquals("Tue, 03 Nov 2026 04:05:07 GMT", date.now());
  }
}
