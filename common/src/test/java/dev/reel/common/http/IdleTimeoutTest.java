package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class IdleTimeoutTest {

  private EdgeServer server;

  @BeforeEach
  void start() {
    server = EdgeServer.start(1);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("a connection that sent half a request line and went quiet is closed")
  void halfRequestLineIsClosed() throws Exception {
    long started = System.nanoTime();
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /health/li");
      assertEquals("", http.readUntilClosed());
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    assertTrue(seconds < 4, "closed after " + seconds + " s, the timeout is 1 s");
  }

  @Test
  @DisplayName("a request body that keeps trickling in for longer than the timeout is not cut")
  void movingBodyIsNotCut() throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n"
          + "Connection: close\r\n\r\n");
      for (int i = 0; i < 6; i++) {
        Thread.sleep(500);
        http.send("a");
      }
      String response = http.readUntilClosed();
      assertTrue(response.startsWith("HTTP/1.1 200"), response);
      assertTrue(response.endsWith("\r\n\r\n6"), response);
    }
  }

  @Test
  @DisplayName("the idle timeout is 60 s unless configured, and must be a positive number")
  void configuredTimeout() {
    JsonObject base = new JsonObject().put(HttpSettings.HOST, "127.0.0.1").put("PORT", "1");
    assertEquals(60, HttpSettings.read(new ConfigReader(base), "PORT").idleTimeoutSeconds());
    assertEquals(5, HttpSettings.read(new ConfigReader(base.copy()
        .put(HttpSettings.IDLE_TIMEOUT, "5")), "PORT").idleTimeoutSeconds());
    Executable zero = () -> HttpSettings.read(new ConfigReader(base.copy()
        .put(HttpSettings.IDLE_TIMEOUT, "0")), "PORT");
    assertTrue(assertThrows(ConfigException.class, zero)
        .getMessage().contains(HttpSettings.IDLE_TIMEOUT));
  }
}
