package dev.reel.ingest.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * When ingest answers before it read a whole request body (refused, too large, or a replayed
 * idempotent request), the rest of the body must not be stored: on HTTP/1.1 the connection is
 * closed after the answer. HTTP/2 has no such header; the stream ends with the answer and flow
 * control stops the sender.
 */
final class UnreadBodies {

  /** How long to keep reading and dropping before the close (RFC 9112 section 9.6). */
  static final long LINGER_MS = 2000;

  private UnreadBodies() {
  }

  static void closeAfterAnswer(RoutingContext ctx) {
    if (ctx.request().isEnded() || ctx.request().version() == HttpVersion.HTTP_2) {
      return;
    }
    ctx.response().putHeader("Connection", "close");
    ctx.addEndHandler(done -> linger(ctx.vertx(), ctx.request()));
  }

  /** A failure handler for upload routes: closes, then lets the JSON error handler answer. */
  static void onFailure(RoutingContext ctx) {
    if (!ctx.response().headWritten()) {
      closeAfterAnswer(ctx);
    }
    ctx.next();
  }

  /**
   * Reads and drops what the client still sends for a moment before closing: a client that is
   * still sending and gets a reset instead may lose the answer from its receive buffer.
   */
  private static void linger(Vertx vertx, HttpServerRequest request) {
    HttpConnection connection = request.connection();
    long timer = vertx.setTimer(LINGER_MS, id -> connection.close());
    request.handler(dropped -> { });
    request.exceptionHandler(e -> connection.close());
    request.endHandler(ended -> {
      vertx.cancelTimer(timer);
      connection.close();
    });
    request.resume();
  }
}
