package dev.reel.delivery.http;

import dev.reel.delivery.storage.OriginBody;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;

/**
 * Writes one response's body: framing text and origin bodies, one after the other, with
 * back-pressure (the origin is paused while the viewer's connection cannot take more).
 *
 * <p>A viewer may leave at any moment, while chunks of an origin body are already on their way.
 * Once the response is closed (or ended) every later write is dropped here, silently, instead of
 * reaching Vert.x, which would throw "Response has already been written" into the origin's
 * handler and log it as an unhandled exception; and the origin fetch in flight is cancelled, so
 * the origin stops sending bytes no one will read. The futures then fail with {@link #GONE},
 * which callers treat as the normal end of a download that was cut.
 */
final class BodyWriter {

  /** The viewer closed the connection (or reset the stream) before the body was complete. */
  static final ViewerGone GONE = new ViewerGone();

  private final HttpServerResponse response;
  private OriginBody current;
  private Promise<Void> copying;

  BodyWriter(HttpServerResponse response) {
    this.response = response;
    response.closeHandler(v -> viewerLeft());
  }

  /** Whether the body can still go somewhere. */
  boolean open() {
    return !response.closed() && !response.ended();
  }

  /** Whether the status line and headers have gone out: from then on no error can be sent. */
  boolean started() {
    return response.headWritten();
  }

  /**
   * Sends the status line and headers now, ahead of any body. From then on a failure can only
   * cut the response.
   */
  void head() {
    if (open() && !response.headWritten()) {
      response.writeHead();
    }
  }

  /** Writes framing (or a whole small body) without ending the response. */
  Future<Void> write(Buffer bytes) {
    if (!open()) {
      return Future.failedFuture(GONE);
    }
    response.write(bytes);
    return Future.succeededFuture();
  }

  /** Streams an origin body into the response; completes when the origin's last byte is out. */
  Future<Void> copy(OriginBody body) {
    if (!open()) {
      body.cancel().run();
      return Future.failedFuture(GONE);
    }
    Promise<Void> done = Promise.promise();
    current = body;
    copying = done;
    ReadStream<Buffer> from = body.stream();
    from.exceptionHandler(done::tryFail);
    from.endHandler(v -> done.tryComplete());
    from.handler(chunk -> {
      if (!open()) {
        // Already queued when the viewer left: there is nowhere for it to go.
        viewerLeft();
        return;
      }
      response.write(chunk);
      if (response.writeQueueFull()) {
        from.pause();
        response.drainHandler(v -> {
          if (open()) {
            from.resume();
          }
        });
      }
    });
    from.resume();
    return done.future().onComplete(ignored -> {
      current = null;
      copying = null;
    });
  }

  /** Ends the response, unless the viewer is gone already. */
  Future<Void> end() {
    return open() ? response.end() : Future.failedFuture(GONE);
  }

  /** Ends the response with a last buffer (the whole of a small body). */
  Future<Void> end(Buffer bytes) {
    return open() ? response.end(bytes) : Future.failedFuture(GONE);
  }

  /**
   * Cuts the response after part of the body went out (the origin failed mid-stream): the only
   * honest signal left, since the status line promised more bytes than will come.
   */
  void cut() {
    if (open()) {
      response.reset();
    }
  }

  private void viewerLeft() {
    OriginBody fetching = current;
    Promise<Void> copy = copying;
    current = null;
    copying = null;
    // Failed first: cancelling makes the origin stream fail too, and that is not the reason.
    if (copy != null) {
      copy.tryFail(GONE);
    }
    if (fetching != null) {
      fetching.cancel().run();
    }
  }

  /** Not an error: how a body ends when its viewer has left. Carries no stack trace. */
  static final class ViewerGone extends RuntimeException {
    private ViewerGone() {
      super("the viewer closed the connection", null, false, false);
    }
  }
}
