package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every service runs one event loop, which accepts its connections as well as serving them
 * (ServiceRuntime, EventLoopAcceptorTransport): no acceptor thread hands new connections over.
 */
class EventLoopAcceptTest {

  @Test
  void theEventLoopAcceptsAndServesNewConnections() throws Exception {
    try (EdgeServer server = EdgeServer.start()) {
      VertxInternal vertx = (VertxInternal) server.runtime().vertx();
      assertSame(vertx.nettyEventLoopGroup(), vertx.acceptorEventLoopGroup(),
          "connections are accepted by the event loop group, not an acceptor group of its own");
      int loops = 0;
      for (EventExecutor ignored : vertx.nettyEventLoopGroup()) {
        loops++;
      }
      assertEquals(1, loops, "one event loop");
      // Each request on a new connection, as a cold viewer's: every one accepted and answered.
      for (int n = 0; n < 50; n++) {
        String answer = RawHttp.exchange(server.port(), "GET /files/a/" + n + " HTTP/1.1\r\n"
            + "Host: x\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 204 "), "connection " + n + ": " + answer);
      }
    }
  }

  @Test
  void closingStopsTheOneGroupOnce() {
    EdgeServer server = EdgeServer.start();
    EventLoopGroup group = ((VertxInternal) server.runtime().vertx()).nettyEventLoopGroup();
    // Vert.x shuts its acceptor group down, then its event loop group: the same one here.
    assertTimeoutPreemptively(Duration.ofSeconds(20), server::close);
    assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> group.terminationFuture().await());
    assertTrue(group.isTerminated(), "the event loop has stopped");
  }
}
