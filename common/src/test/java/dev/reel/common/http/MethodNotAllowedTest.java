package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MethodNotAllowedTest {

  private static EdgeServer server;

  @BeforeAll
  static void start() {
    server = EdgeServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "DELETE, /health/live, 'GET, HEAD'",
      "PUT, /health/live/, 'GET, HEAD'",
      "GET, /echo, POST",
      "DELETE, /files/abc/1080p/segment_001.m4s, 'GET, HEAD'",
      "POST, /files/abc/x, 'GET, HEAD'"})
  @DisplayName("a 405 lists in Allow the methods the router has routes for at that path")
  void allowListsTheRoutedMethods(String method, String path, String allow) throws Exception {
    String response = RawHttp.exchange(server.port(), method + " " + path + " HTTP/1.1\r\n"
        + "Host: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 405 "), response);
    assertTrue(response.contains("\r\nAllow: " + allow + "\r\n"), response);
    assertTrue(response.contains("{\"code\":\"METHOD_NOT_ALLOWED\""), response);
  }

  @Test
  @DisplayName("OPTIONS * asks about the server: 200, no body, every routed method in Allow, and "
      + "the connection stays open")
  void optionsAsterisk() throws Exception {
    String response = RawHttp.exchange(server.port(), "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
    assertTrue(response.contains("\r\nAllow: GET, HEAD, OPTIONS, POST\r\n"), response);
    assertTrue(response.contains("\r\nContent-Length: 0\r\n"), response);
    int second = response.indexOf("HTTP/1.1 ", 1);
    assertTrue(second > 0 && response.startsWith("HTTP/1.1 200 ", second), response);
  }
}
