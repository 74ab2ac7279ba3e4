package dev.reel.delivery.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link EdgeCache#onCallersContext}: a request waiting for a shared future (an origin fetch
 * another connection's context completes) goes on on its own context, and at once when that
 * context runs on the same thread, not after whatever the event loop still has to do.
 */
class CallersContextTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    // One event loop: every context below runs on the same thread, as delivery's do.
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("completed by another context on the same thread: the waiter goes on at once, "
      + "on its own context, before the completing task has even finished")
  void sameThreadAtOnce() throws Exception {
    ContextInternal waiter = ((VertxInternal) vertx).createEventLoopContext();
    ContextInternal origin = ((VertxInternal) vertx).createEventLoopContext();
    assertNotSame(waiter, origin);
    Promise<String> shared = Promise.promise();
    List<String> order = new CopyOnWriteArrayList<>();
    CompletableFuture<Context> ranOn = new CompletableFuture<>();
    CompletableFuture<Void> done = new CompletableFuture<>();

    waiter.runOnContext(v -> EdgeCache.onCallersContext(shared.future()).onComplete(result -> {
      order.add("waiter got " + result.result());
      ranOn.complete(Vertx.currentContext());
    }));
    origin.runOnContext(v -> {
      shared.complete("headers");
      order.add("origin's task went on");
      // Something the event loop has queued meanwhile, such as the rest of a socket's reads.
      origin.runOnContext(x -> {
        order.add("queued work");
        done.complete(null);
      });
    });

    done.get(5, TimeUnit.SECONDS);
    assertSame(waiter, ranOn.get(5, TimeUnit.SECONDS));
    assertEquals(List.of("waiter got headers", "origin's task went on", "queued work"), order);
  }

  @Test
  @DisplayName("completed on a worker thread: the waiter goes on on its own event loop context")
  void otherThreadQueued() throws Exception {
    ContextInternal waiter = ((VertxInternal) vertx).createEventLoopContext();
    Promise<String> shared = Promise.promise();
    CompletableFuture<Context> ranOn = new CompletableFuture<>();
    CompletableFuture<Boolean> onEventLoop = new CompletableFuture<>();

    waiter.runOnContext(v -> EdgeCache.onCallersContext(shared.future()).onComplete(result -> {
      ranOn.complete(Vertx.currentContext());
      onEventLoop.complete(Context.isOnEventLoopThread());
    }));
    Future<Void> worker = vertx.executeBlocking(() -> {
      Thread.sleep(50);
      shared.complete("bytes");
      return null;
    });

    worker.await();
    assertSame(waiter, ranOn.get(5, TimeUnit.SECONDS));
    assertEquals(true, onEventLoop.get(5, TimeUnit.SECONDS));
  }

  @Test
  @DisplayName("completed on the waiter's own context: the waiter goes on at once")
  void ownContext() throws Exception {
    ContextInternal waiter = ((VertxInternal) vertx).createEventLoopContext();
    Promise<String> shared = Promise.promise();
    List<String> order = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();

    waiter.runOnContext(v -> {
      EdgeCache.onCallersContext(shared.future()).onComplete(result -> order.add("waiter"));
      shared.complete("now");
      order.add("after");
      done.complete(null);
    });

    done.get(5, TimeUnit.SECONDS);
    assertEquals(List.of("waiter", "after"), order);
  }
}
