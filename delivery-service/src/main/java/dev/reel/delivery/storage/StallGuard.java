package dev.reel.delivery.storage;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * An origin's body that fails with a {@link TimeoutException} once the origin has sent nothing
 * for {@code timeout} while its reader wanted bytes. Without it a stalled S3 would hold the fetch,
 * and every viewer following it, until the viewers' own idle timeouts, and then hold the fetch
 * for good. Time the reader keeps the body paused (a slow viewer, a disk write catching up) does
 * not count. On a stall it runs {@code drop} (which resets the GET) and ends the stream with the
 * timeout; whatever the origin does after that is not passed on.
 */
final class StallGuard implements ReadStream<Buffer> {

  private final Vertx vertx;
  private final ReadStream<Buffer> body;
  private final long timeoutNanos;
  private final Runnable drop;
  private final String what;

  // Guarded by this.
  private Handler<Buffer> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;
  private boolean wanted;
  private long lastProgress;
  private long timer = -1;
  private boolean finished;

  /** @param body the origin's body, paused until its reader resumes it */
  StallGuard(Vertx vertx, ReadStream<Buffer> body, Duration timeout, Runnable drop, String what) {
    this.vertx = vertx;
    this.body = body;
    this.timeoutNanos = timeout.toNanos();
    this.drop = drop;
    this.what = what;
    body.handler(this::received);
    body.exceptionHandler(this::failed);
    body.endHandler(this::ended);
  }

  @Override
  public synchronized StallGuard handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public synchronized StallGuard exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public synchronized StallGuard endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }

  @Override
  public StallGuard pause() {
    synchronized (this) {
      wanted = false;
    }
    body.pause();
    return this;
  }

  @Override
  public StallGuard resume() {
    want();
    body.resume();
    return this;
  }

  @Override
  public StallGuard fetch(long amount) {
    want();
    body.fetch(amount);
    return this;
  }

  /** The clock starts again whenever the reader asks for bytes. */
  private synchronized void want() {
    wanted = true;
    lastProgress = System.nanoTime();
    if (timer == -1 && !finished) {
      arm(timeoutNanos);
    }
  }

  private void arm(long nanos) {
    timer = vertx.setTimer(Math.max(1, (nanos + 999_999) / 1_000_000), id -> check());
  }

  private void check() {
    Handler<Throwable> toFail;
    synchronized (this) {
      timer = -1;
      if (finished || !wanted) {
        return;
      }
      long quiet = System.nanoTime() - lastProgress;
      if (quiet < timeoutNanos) {
        arm(timeoutNanos - quiet);
        return;
      }
      finished = true;
      toFail = exceptionHandler;
    }
    drop.run();
    if (toFail != null) {
      toFail.handle(new TimeoutException("the origin sent nothing for "
          + Duration.ofNanos(timeoutNanos).toSeconds() + " s while reading " + what));
    }
  }

  private void received(Buffer chunk) {
    Handler<Buffer> to;
    synchronized (this) {
      if (finished) {
        return;
      }
      lastProgress = System.nanoTime();
      to = handler;
    }
    if (to != null) {
      to.handle(chunk);
    }
  }

  private void failed(Throwable failure) {
    Handler<Throwable> to;
    synchronized (this) {
      if (finished) {
        return;
      }
      finish();
      to = exceptionHandler;
    }
    if (to != null) {
      to.handle(failure);
    }
  }

  private void ended(Void ignored) {
    Handler<Void> to;
    synchronized (this) {
      if (finished) {
        return;
      }
      finish();
      to = endHandler;
    }
    if (to != null) {
      to.handle(null);
    }
  }

  private void finish() {
    finished = true;
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
