package dev.reel.ingest.tus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TusLocksTest {

  private static final String ASSET = "01m8mevx8cvy6f0ya22kcwvrsz";

  private final Vertx vertx = Vertx.vertx();
  private final TusLocks locks = new TusLocks(vertx, 300);

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  @DisplayName("a second request on an upload runs after the first is done, not alongside")
  void oneAtATime() {
    List<String> order = new ArrayList<>();
    Promise<Void> firstDone = Promise.promise();
    Future<Void> first = locks.withLock(ASSET, lease -> {
      order.add("first starts");
      return firstDone.future().onSuccess(v -> order.add("first ends"));
    });
    Future<String> second = locks.withLock(ASSET, lease -> {
      order.add("second starts");
      return Future.succeededFuture("second");
    });
    assertEquals(List.of("first starts"), order);

    firstDone.complete();

    assertEquals("second", second.await());
    first.await();
    assertEquals(List.of("first starts", "first ends", "second starts"), order);
  }

  @Test
  @DisplayName("a waiting request asks the holder to let go, and gets in when it does")
  void takeover() {
    Promise<Void> held = Promise.promise();
    locks.withLock(ASSET, lease -> {
      lease.onTakeover(held::tryComplete);
      return held.future();
    });

    assertEquals("in", locks.withLock(ASSET, lease -> Future.succeededFuture("in")).await());
  }

  @Test
  @DisplayName("a holder that does not let go in time leaves the waiter with 423")
  void timeout() {
    locks.withLock(ASSET, lease -> Promise.<Void>promise().future());

    Throwable failure = assertThrows(Exception.class,
        () -> locks.withLock(ASSET, lease -> Future.succeededFuture()).await());
    assertEquals(ErrorCode.UPLOAD_LOCKED, assertInstanceOf(ApiException.class, failure).code());
  }

  @Test
  @DisplayName("ifFree skips an upload somebody holds and runs on one nobody does")
  void ifFree() {
    Promise<Void> held = Promise.promise();
    locks.withLock(ASSET, lease -> held.future());

    assertEquals(Optional.empty(),
        locks.ifFree(ASSET, lease -> Future.succeededFuture("ran")).await());
    held.complete();
    assertTrue(locks.ifFree(ASSET, lease -> Future.succeededFuture("ran")).await().isPresent());
  }
}
