package dev.reel.ingest.http;

import dev.reel.common.http.LingeringClose;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * When ingest answers before it read a whole request body (refused, too large, or a replayed
 * idempotent request), the rest of the body must not be stored: on HTTP/1.1 the connection is
 * closed after the answer, once what the client still sends is read and dropped
 * ({@link LingeringClose}). HTTP/2 has no such header; the stream ends with the answer and flow
 * control stops the sender.
 */
final class UnreadBodies {

  private UnreadBodies() {
  }

  static void closeAfterAnswer(RoutingContext ctx) {
    if (ctx.request().isEnded() || ctx.request().version() == HttpVersion.HTTP_2) {
      return;
    }
    ctx.response().putHeader("Connection", "close");
    LingeringClose.afterAnswer(ctx);
  }

  /** A failure handler for upload routes: closes, then lets the JSON error handler answer. */
  static void onFailure(RoutingContext ctx) {
    if (!ctx.response().headWritten()) {
      closeAfterAnswer(ctx);
    }
    ctx.next();
  }
}
