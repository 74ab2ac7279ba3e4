package dev.reel.ingest.tus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A request body for unit tests: hands out its chunks while resumed, then either ends or, if
 * told to, fails as a dropped connection does.
 */
final class FakeBody implements ReadStream<Buffer> {

  private final Deque<Buffer> chunks = new ArrayDeque<>();
  private final boolean dropAtEnd;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private boolean paused = true;
  private boolean delivering;
  private boolean done;

  private FakeBody(boolean dropAtEnd) {
    this.dropAtEnd = dropAtEnd;
  }

  /** {@code bytes} in chunks of {@code chunkSize}, then the end. */
  static FakeBody of(byte[] bytes, int chunkSize) {
    return split(new FakeBody(false), bytes, chunkSize);
  }

  /** {@code bytes} in chunks of {@code chunkSize}, then the connection drops. */
  static FakeBody droppedAfter(byte[] bytes, int chunkSize) {
    return split(new FakeBody(true), bytes, chunkSize);
  }

  private static FakeBody split(FakeBody body, byte[] bytes, int chunkSize) {
    for (int i = 0; i < bytes.length; i += chunkSize) {
      body.chunks.add(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i,
          Math.min(bytes.length, i + chunkSize))));
    }
    return body;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    paused = true;
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    paused = false;
    deliver();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    return resume();
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public Future<Void> pipeTo(WriteStream<Buffer> destination) {
    throw new UnsupportedOperationException();
  }

  private void deliver() {
    if (delivering) {
      return;
    }
    delivering = true;
    try {
      while (!paused && !chunks.isEmpty()) {
        handler.handle(chunks.poll());
      }
      if (!paused && chunks.isEmpty() && !done) {
        done = true;
        if (dropAtEnd) {
          exceptionHandler.handle(new IllegalStateException("connection dropped"));
        } else {
          endHandler.handle(null);
        }
      }
    } finally {
      delivering = false;
    }
  }
}
