package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests the HTTP decoder reads but no service should act on, because where they end, or whom
 * they are for, is ambiguous: each gets a 400 with a JSON body and its connection closed, so that
 * nothing sent after it on the connection is read as a request of its own.
 */
class RequestFramingTest {

  private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.[01] \\d{3} ");

  private static EdgeServer server;

  @BeforeAll
  static void start() {
    server = EdgeServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> ambiguous() {
    String smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    return Stream.of(
        Arguments.of("Content-Length and Transfer-Encoding, a request hidden after the body",
            "GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 30\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled),
        Arguments.of("Transfer-Encoding alone on a GET",
            "GET /health/live HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n" + smuggled),
        Arguments.of("a GET with a body by Content-Length",
            "GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + smuggled),
        Arguments.of("a HEAD with a body",
            "HEAD /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + smuggled),
        Arguments.of("two Host lines",
            "GET /health/live HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + smuggled),
        Arguments.of("two Host lines in HTTP/1.0",
            "GET /health/live HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n"),
        Arguments.of("a POST whose Transfer-Encoding does not end with chunked",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"
                + "0\r\n\r\n" + smuggled),
        Arguments.of("a POST with Transfer-Encoding: gzip and no length",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n" + smuggled),
        Arguments.of("a chunked POST to a path with a broken escape",
            "POST /echo%zz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n" + smuggled),
        Arguments.of("a POST whose last Transfer-Encoding line is not chunked",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello" + smuggled));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ambiguous")
  @DisplayName("an ambiguously framed request gets a 400 JSON body and a close, nothing more")
  void refusedAndClosed(String name, String request) throws Exception {
    String response = RawHttp.exchange(server.port(), request);

    assertTrue(response.startsWith("HTTP/1.1 400 ") || response.startsWith("HTTP/1.0 400 "),
        response);
    String head = response.toLowerCase(Locale.ROOT);
    assertTrue(head.contains("\r\nconnection: close\r\n"), response);
    assertTrue(head.contains("\r\ncontent-type: application/json\r\n"), response);
    if (!request.startsWith("HEAD ")) {
      // The answer to a HEAD has no body (RFC 9110 section 9.3.2), the error's included.
      assertTrue(response.contains("{\"code\":\"BAD_REQUEST\",\"message\":\""), response);
    }
    assertEquals(1, count(STATUS_LINE.matcher(response)),
        "what followed on the connection was answered as a request: " + response);
    assertFalse(response.contains("smuggled"), response);
  }

  @ParameterizedTest(name = "POST {0}")
  @CsvSource({"/echo, 200, 5", "/refuse, 413, refused"})
  @DisplayName("a chunked POST that also has a Content-Length is answered, whether its body was "
      + "read first or not, and its connection closed: what follows its chunked body is not "
      + "answered as a request")
  void chunkedWithLengthClosesAfter(String path, int status, String answer) throws Exception {
    String smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    String body = "5\r\nhello\r\n0\r\n\r\n" + smuggled;
    String response = RawHttp.exchange(server.port(), "POST " + path + " HTTP/1.1\r\nHost: x\r\n"
        + "Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body);

    assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
    assertTrue(response.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"),
        response);
    assertTrue(response.endsWith("\r\n\r\n" + answer), response);
    assertEquals(1, count(STATUS_LINE.matcher(response)), response);
    assertFalse(response.contains("smuggled"), response);
  }

  @Test
  @DisplayName("a chunked upload answered before its body was read is read to its end before "
      + "the close: the client, still sending, gets the answer, not a reset")
  void chunkedAnsweredEarlyIsReadToItsEnd() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("POST /refuse HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n");
      // Answered meanwhile; a close now would reset the connection under what follows.
      Thread.sleep(300);
      String chunk = Integer.toHexString(64 * 1024) + "\r\n" + "x".repeat(64 * 1024) + "\r\n";
      for (int i = 0; i < 8; i++) {
        http.send(chunk);
      }
      http.send("0\r\n\r\n");
      String response = http.readUntilClosed();

      assertTrue(response.startsWith("HTTP/1.1 413 "), response);
      assertTrue(response.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"),
          response);
      assertTrue(response.endsWith("refused"), response);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "/health/live%zz  | the path has a '%'",
      "/health/live%    | the path has a '%'",
      "/health/live%4   | the path has a '%'",
      "/%g0             | the path has a '%'",
      "/health/live?a=%zz | the query has a '%'",
      "/health/live?a=b%  | the query has a '%'",
      "/health/live#top | the request target has a '#'"})
  @DisplayName("a target that cannot be routed (a '%' without two hex digits after it, a '#') is "
      + "a 400 JSON body, and the connection stays usable")
  void unroutableTargetIsRefused(String target, String message) throws Exception {
    String response = RawHttp.exchange(server.port(),
        "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /health/live?a=%23 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    assertTrue(response.startsWith("HTTP/1.1 400 "), response);
    assertTrue(response.contains("{\"code\":\"BAD_REQUEST\",\"message\":\"" + message),
        response);
    // The next request on the connection, a '#' percent-encoded, is answered as usual.
    assertTrue(response.indexOf("HTTP/1.1 200 ") > 0, response);
  }

  @Test
  @DisplayName("a GET with Content-Length: 0 is an ordinary GET")
  void zeroLengthGetIsServed() throws Exception {
    String response = RawHttp.exchange(server.port(),
        "GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    assertTrue(response.startsWith("HTTP/1.1 200 "), response);
  }

  @Test
  @DisplayName("a chunked upload (a POST) is framed by Transfer-Encoding, not refused")
  void chunkedPostIsNotRefused() throws Exception {
    String response = RawHttp.exchange(server.port(),
        "POST /health/live HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            + "Connection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

    // The route answers GET only; what matters is that the framing check let it through.
    assertTrue(response.startsWith("HTTP/1.1 405 "), response);
    assertFalse(response.contains("has no body"), response);
  }

  private static int count(Matcher matcher) {
    int found = 0;
    while (matcher.find()) {
      found++;
    }
    return found;
  }
}
