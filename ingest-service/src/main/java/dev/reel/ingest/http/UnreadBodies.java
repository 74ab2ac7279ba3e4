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

  /**
   * How long the client may go without sending a byte before the connection is closed; as long
   * as bytes keep coming, they are read and dropped (RFC 9112 section 9.6, nginx's
   * lingering_timeout).
   */
  static final long IDLE_MS = 2000;
  /** The longest a connection lingers in all, however steadily the client sends. */
  static final long MAX_MS = 30_000;

  private UnreadBodies() {
  }

  static void closeAfterAnswer(RoutingContext ctx) {
    closeAfterAnswer(ctx, IDLE_MS, MAX_MS);
  }

  /** As {@link #closeAfterAnswer(RoutingContext)}, with the limits a test chooses. */
  static void closeAfterAnswer(RoutingContext ctx, long idleMs, long maxMs) {
    if (ctx.request().isEnded() || ctx.request().version() == HttpVersion.HTTP_2) {
      return;
    }
    ctx.response().putHeader("Connection", "close");
    ctx.addEndHandler(done -> new Linger(ctx.vertx(), ctx.request(), idleMs, maxMs).start());
  }

  /** A failure handler for upload routes: closes, then lets the JSON error handler answer. */
  static void onFailure(RoutingContext ctx) {
    if (!ctx.response().headWritten()) {
      closeAfterAnswer(ctx);
    }
    ctx.next();
  }

  /**
   * Reads and drops what the client still sends before closing: a client that is still sending
   * when the connection closes gets a reset, and a reset can throw away the answer waiting in
   * its receive buffer. A client slowed by a busy machine is not cut while it sends; one that
   * stops sending, or sends for longer than the cap, is.
   */
  private static final class Linger {
    private final Vertx vertx;
    private final HttpServerRequest request;
    private final HttpConnection connection;
    private final long idleMs;
    private final long deadline;
    private long lastRead;
    private long timer = -1;
    private boolean closed;

    Linger(Vertx vertx, HttpServerRequest request, long idleMs, long maxMs) {
      this.vertx = vertx;
      this.request = request;
      this.connection = request.connection();
      this.idleMs = idleMs;
      this.lastRead = System.nanoTime();
      this.deadline = lastRead + maxMs * 1_000_000;
    }

    void start() {
      request.handler(dropped -> lastRead = System.nanoTime());
      request.exceptionHandler(e -> close());
      request.endHandler(ended -> close());
      request.resume();
      schedule(idleMs);
    }

    /** Closes once the client has been silent for the idle time, or at the deadline. */
    private void schedule(long delayMs) {
      timer = vertx.setTimer(Math.max(1, delayMs), id -> {
        long now = System.nanoTime();
        long idleEnds = lastRead + idleMs * 1_000_000;
        if (now >= idleEnds || now >= deadline) {
          close();
        } else {
          schedule((Math.min(idleEnds, deadline) - now) / 1_000_000 + 1);
        }
      });
    }

    private void close() {
      if (closed) {
        return;
      }
      closed = true;
      vertx.cancelTimer(timer);
      connection.close();
    }
  }
}
