package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InvalidRequestsTest {

  private static EdgeServer server;

  @BeforeAll
  static void start() {
    server = EdgeServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of("URI over 8192 bytes", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\n"
            + "Host: x\r\n\r\n", "414", "URI_TOO_LONG"),
        Arguments.of("a huge header", "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: "
            + "b".repeat(21_000) + "\r\n\r\n", "431", "HEADER_FIELDS_TOO_LARGE"),
        Arguments.of("a header line without a colon", "GET /health/live HTTP/1.1\r\nHost: x\r\n"
            + "NoColonHere\r\n\r\n", "400", "BAD_REQUEST"),
        Arguments.of("a control character in a header", "GET /health/live HTTP/1.1\r\n"
            + "Host: x\r\nX-A: a\u0001b\r\n\r\n", "400", "BAD_REQUEST"),
        Arguments.of("a bad request line", "GARBAGE\r\n\r\n", "400", "BAD_REQUEST"),
        Arguments.of("HTTP/9.9", "GET /health/live HTTP/9.9\r\nHost: x\r\n\r\n", "505",
            "HTTP_VERSION_NOT_SUPPORTED"),
        Arguments.of("HTTP/1.2", "GET /health/live HTTP/1.2\r\nHost: x\r\n\r\n", "505",
            "HTTP_VERSION_NOT_SUPPORTED"),
        Arguments.of("HTTP/2.0 as text", "GET /health/live HTTP/2.0\r\nHost: x\r\n\r\n",
            "505", "HTTP_VERSION_NOT_SUPPORTED"));
  }

  @Test
  @DisplayName("a request as large as CloudFront takes (an 8 KiB URL, 20 KiB of headers) is read")
  void cloudFrontSizedRequestIsRead() throws Exception {
    String url = "/health/live?q=" + "a".repeat(ServiceHttp.MAX_URL_BYTES - 16);
    String response = RawHttp.exchange(server.port(), "GET " + url + " HTTP/1.1\r\nHost: x\r\n"
        + "Cookie: c=" + "b".repeat(ServiceHttp.MAX_HEADER_BYTES - 200) + "\r\n"
        + "Connection: close\r\n\r\n");

    assertTrue(response.startsWith("HTTP/1.1 200 "), response);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  @DisplayName("a request the HTTP decoder refuses gets its status, a JSON body, and a close")
  void refusedWithJsonBody(String name, String request, String status, String code)
      throws Exception {
    String response = RawHttp.exchange(server.port(), request);
    // The status line echoes the version Vert.x read, HTTP/1.0 when it could read none.
    assertTrue(response.matches("(?s)HTTP/\\d\\.\\d " + status + " .*"), response);
    String head = response.toLowerCase(Locale.ROOT);
    assertTrue(head.contains("\r\nconnection: close\r\n"), response);
    assertTrue(head.contains("\r\ncontent-type: application/json\r\n"), response);
    assertTrue(response.contains("\r\n\r\n{\"code\":\"" + code + "\",\"message\":\""), response);
  }
}
