package dev.reel.common.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Closes an HTTP/1.x connection once a request is answered, without losing the answer. A client
 * still sending its body when the connection closes gets a reset, and a reset can throw away
 * the answer waiting in its receive buffer; so, if the body is not read to its end when the
 * answer ends, what the client still sends is read and dropped first (RFC 9112 section 9.6),
 * for as long as bytes keep coming: the connection closes at the body's end, after
 * {@link #IDLE_MS} without a byte, or after {@link #MAX_MS} in all (nginx's lingering_timeout
 * and lingering_time).
 */
public final class LingeringClose {

  static final long IDLE_MS = 2000;
  static final long MAX_MS = 30_000;
  /** Marks a context whose close is arranged, so that two callers arrange one. */
  private static final String ARRANGED = "reel.lingeringClose";

  private LingeringClose() {
  }

  /** Closes the connection once the answer has ended, lingering if the body is not read. */
  public static void afterAnswer(RoutingContext ctx) {
    afterAnswer(ctx, IDLE_MS, MAX_MS);
  }

  /** As {@link #afterAnswer(RoutingContext)}, with the limits a test chooses. */
  static void afterAnswer(RoutingContext ctx, long idleMs, long maxMs) {
    if (ctx.get(ARRANGED) != null) {
      return;
    }
    ctx.put(ARRANGED, Boolean.TRUE);
    ctx.addEndHandler(done -> {
      HttpServerRequest request = ctx.request();
      if (request.isEnded()) {
        request.connection().close();
      } else {
        new Linger(ctx.vertx(), request, idleMs, maxMs).start();
      }
    });
  }

  /** Reads and drops the rest of one request's body, then closes its connection. */
  private static final class Linger {
    private final Vertx vertx;
    private final HttpServerRequest request;
    private final HttpConnection connection;
    private final long idleMs;
    private final long deadline;
    private long lastRead;
    private long timer;
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
      // Before the resume, which may end the request at once: then the close cancels it.
      schedule(idleMs);
      request.handler(dropped -> lastRead = System.nanoTime());
      request.exceptionHandler(e -> close());
      request.endHandler(ended -> close());
      request.resume();
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
