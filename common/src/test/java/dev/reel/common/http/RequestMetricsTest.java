package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {

  private static final String CLOSE = " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";

  @Test
  @DisplayName("every routed request is timed by its status, and Vert.x's per-request server "
      + "metrics are off")
  void timedByStatus() throws Exception {
    try (EdgeServer server = EdgeServer.start()) {
      for (int i = 0; i < 3; i++) {
        assertTrue(RawHttp.exchange(server.port(), "GET /files/a/b" + CLOSE + "\r\n")
            .startsWith("HTTP/1.1 204"));
      }
      assertTrue(RawHttp.exchange(server.port(), "GET /nowhere" + CLOSE + "\r\n")
          .startsWith("HTTP/1.1 404"));
      assertTrue(RawHttp.exchange(server.port(),
          "POST /echo" + CLOSE + "Content-Length: 5\r\n\r\nhello").startsWith("HTTP/1.1 200"));

      Map<String, Long> expected = Map.of("200", 1L, "204", 3L, "404", 1L);
      // The count is taken when the response has ended, which the client may see first.
      long deadline = System.nanoTime() + 5_000_000_000L;
      Map<String, Long> counts = counts(server.registry());
      while (!counts.equals(expected) && System.nanoTime() < deadline) {
        Thread.sleep(20);
        counts = counts(server.registry());
      }
      assertEquals(expected, counts);
      Timer found = server.registry().get(RequestMetrics.NAME).tag("status", "204").timer();
      assertTrue(found.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);

      String scrape = server.registry().scrape();
      assertTrue(scrape.contains("reel_http_server_requests_seconds_count{"), scrape);
      assertFalse(scrape.contains("vertx_http_server"), scrape);
    }
  }

  private static Map<String, Long> counts(PrometheusMeterRegistry registry) {
    Map<String, Long> counts = new TreeMap<>();
    registry.find(RequestMetrics.NAME).timers()
        .forEach(timer -> counts.put(timer.getId().getTag("status"), timer.count()));
    return counts;
  }
}
