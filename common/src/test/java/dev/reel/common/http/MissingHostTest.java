package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MissingHostTest {

  @Test
  @DisplayName("an HTTP/1.1 request without Host is a 400 BAD_REQUEST, not an unexpected error")
  void missingHostIsBadRequest() throws Exception {
    try (EdgeServer server = EdgeServer.start()) {
      String response = RawHttp.exchange(server.port(),
          "GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n");
      assertTrue(response.startsWith("HTTP/1.1 400 "), response);
      assertTrue(response.contains("application/json"), response);
      assertTrue(response.contains("{\"code\":\"BAD_REQUEST\",\"message\":\"For HTTP/1.x "
          + "requests, the 'Host' header is required\"}"), response);
      assertNull(server.registry().find("reel.http.unexpected.errors").counter(),
          "counted (and logged at ERROR) as an unexpected failure");
    }
  }

  @Test
  @DisplayName("a Host header that is no host[:port] is a 400 that says so, not that it is missing")
  void malformedHostIsBadRequest() throws Exception {
    try (EdgeServer server = EdgeServer.start()) {
      for (String host : new String[] {"a b", "user@evil.example:80", "../../etc"}) {
        String response = RawHttp.exchange(server.port(),
            "GET /health/live HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), host + ": " + response);
        assertTrue(response.contains("{\"code\":\"BAD_REQUEST\",\"message\":\"the 'Host' header "
            + "is not a host name or address with an optional port\"}"), host + ": " + response);
      }
    }
  }
}
