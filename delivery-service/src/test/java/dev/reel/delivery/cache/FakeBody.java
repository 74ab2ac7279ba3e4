package dev.reel.delivery.cache;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/** A body from the fake origin that a test feeds chunk by chunk, honouring pause and resume. */
public final class FakeBody implements ReadStream<Buffer> {

  /** How many bytes {@link #push(byte[], int, int)} hands on at a time. */
  public static final int CHUNK = 16 * 1024;
  private static final Object END = new Object();

  private final Context context;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private boolean paused = true;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  public FakeBody(Context context) {
    this.context = context;
  }

  public void push(Buffer chunk) {
    context.runOnContext(v -> {
      queue.add(chunk);
      drain();
    });
  }

  /** Pushes {@code bytes[from, to)} in chunks of {@link #CHUNK}. */
  public void push(byte[] bytes, int from, int to) {
    for (int at = from; at < to; at += CHUNK) {
      push(Buffer.buffer(Arrays.copyOfRange(bytes, at, Math.min(to, at + CHUNK))));
    }
  }

  public void end() {
    context.runOnContext(v -> {
      queue.add(END);
      drain();
    });
  }

  public void fail(Throwable cause) {
    context.runOnContext(v -> {
      queue.add(cause);
      drain();
    });
  }

  public void cancel() {
    cancelled.set(true);
  }

  public boolean cancelled() {
    return cancelled.get();
  }

  private void drain() {
    while (!paused && !queue.isEmpty()) {
      Object next = queue.poll();
      if (next == END) {
        if (endHandler != null) {
          endHandler.handle(null);
        }
      } else if (next instanceof Throwable cause) {
        if (exceptionHandler != null) {
          exceptionHandler.handle(cause);
        }
      } else if (handler != null) {
        handler.handle((Buffer) next);
      }
    }
  }

  @Override
  public FakeBody exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public FakeBody handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public FakeBody pause() {
    paused = true;
    return this;
  }

  @Override
  public FakeBody resume() {
    paused = false;
    context.runOnContext(v -> drain());
    return this;
  }

  @Override
  public FakeBody fetch(long amount) {
    return resume();
  }

  @Override
  public FakeBody endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }
}
