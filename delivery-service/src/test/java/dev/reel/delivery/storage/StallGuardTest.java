package dev.reel.delivery.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An origin body that fails when S3 stops sending while its reader wants bytes, and only then. */
@ExtendWith(VertxExtension.class)
class StallGuardTest {

  private static final Duration TIMEOUT = Duration.ofMillis(200);

  private Context context;
  private Body body;
  private AtomicInteger drops;
  private StallGuard guard;
  private final List<Object> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp(Vertx vertx) {
    context = vertx.getOrCreateContext();
    body = new Body();
    drops = new AtomicInteger();
    guard = new StallGuard(vertx, body, TIMEOUT, drops::incrementAndGet, "the/key");
    guard.handler(events::add).exceptionHandler(events::add).endHandler(v -> events.add("end"));
  }

  @Test
  @DisplayName("a body read while nothing arrives fails with a timeout naming the object, and the "
      + "GET is dropped once")
  void stalls() throws Exception {
    onLoop(guard::resume);
    Thread.sleep(TIMEOUT.toMillis() * 3);

    assertEquals(1, drops.get());
    assertEquals(1, events.size(), events.toString());
    TimeoutException timeout = assertInstanceOf(TimeoutException.class, events.get(0));
    assertTrue(timeout.getMessage().contains("the/key"), timeout.getMessage());
  }

  @Test
  @DisplayName("bytes that keep coming, each within the timeout, over several timeouts: no "
      + "failure, and the end is passed on")
  void trickles() throws Exception {
    onLoop(guard::resume);
    for (int i = 0; i < 8; i++) {
      Thread.sleep(TIMEOUT.toMillis() / 2);
      onLoop(() -> body.push(Buffer.buffer("x")));
    }
    onLoop(body::end);
    Thread.sleep(TIMEOUT.toMillis() * 2);

    assertEquals(0, drops.get());
    assertEquals(9, events.size(), events.toString());
    assertEquals("end", events.get(8));
  }

  @Test
  @DisplayName("time the reader keeps the body paused does not count, however long; the clock "
      + "starts again when it resumes")
  void pausedTimeIsNotAStall() throws Exception {
    onLoop(guard::resume);
    onLoop(() -> body.push(Buffer.buffer("x")));
    onLoop(guard::pause);
    Thread.sleep(TIMEOUT.toMillis() * 4);
    assertEquals(0, drops.get(), "failed while paused");
    assertTrue(body.paused.get());

    onLoop(guard::resume);
    assertEquals(0, drops.get(), "failed on resuming");
    Thread.sleep(TIMEOUT.toMillis() * 3);
    assertEquals(1, drops.get(), "a stall after resuming is a stall");
  }

  @Test
  @DisplayName("after a stall, whatever the origin still sends or says is not passed on")
  void quietAfterStall() throws Exception {
    onLoop(guard::resume);
    Thread.sleep(TIMEOUT.toMillis() * 3);
    onLoop(() -> body.push(Buffer.buffer("late")));
    onLoop(() -> body.fail(new IllegalStateException("reset")));
    onLoop(body::end);

    assertEquals(1, events.size(), events.toString());
    assertInstanceOf(TimeoutException.class, events.get(0));
  }

  @Test
  @DisplayName("a body that ends or fails first never times out")
  void endedBodiesNeverTimeOut() throws Exception {
    onLoop(guard::resume);
    onLoop(() -> body.fail(new IllegalStateException("gone")));
    Thread.sleep(TIMEOUT.toMillis() * 3);

    assertEquals(0, drops.get());
    assertEquals(1, events.size(), events.toString());
    assertInstanceOf(IllegalStateException.class, events.get(0));
  }

  /** Runs on the one event loop the body and its guard live on, and waits until it ran. */
  private void onLoop(Runnable action) {
    CompletableFuture<Void> ran = new CompletableFuture<>();
    context.runOnContext(v -> {
      action.run();
      ran.complete(null);
    });
    ran.join();
  }

  /** An origin body the test feeds by hand. */
  private static final class Body implements ReadStream<Buffer> {
    final AtomicBoolean paused = new AtomicBoolean(true);
    final Handlers handlers = new Handlers();

    static final class Handlers {
      Handler<Buffer> data;
      Handler<Throwable> failure;
      Handler<Void> end;
    }

    void push(Buffer chunk) {
      handlers.data.handle(chunk);
    }

    void fail(Throwable failure) {
      handlers.failure.handle(failure);
    }

    void end() {
      handlers.end.handle(null);
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      handlers.failure = handler;
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      handlers.data = handler;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      paused.set(true);
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      paused.set(false);
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      paused.set(false);
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
      handlers.end = handler;
      return this;
    }
  }
}
