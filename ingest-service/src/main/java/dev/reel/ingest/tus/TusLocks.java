package dev.reel.ingest.tus;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One request at a time per upload, within this ingest process. A request that finds the upload
 * held asks the holder to let go (a PATCH whose client has gone quiet then stops reading, keeps
 * what arrived and closes its connection), and waits for it: this is how a client that lost its
 * connection mid-PATCH and reconnects gets in, even while the server still holds the dead
 * request. If the holder does not let go in time the waiter gets 423, which tus clients retry.
 *
 * <p>State lives in S3, so this lock does not cover two ingest processes working on one upload
 * at once; a load balancer must send one upload's requests to one process (by URL path) for
 * that. Every method runs on the verticle's event loop, so the maps need no locking.
 */
public final class TusLocks {

  /** What a request holding an upload is told when another one wants it. */
  public interface Lease {
    /** Runs {@code stop} once if another request asks for the upload. */
    void onTakeover(Runnable stop);
  }

  private final Vertx vertx;
  private final long waitMs;
  /** Uploads being worked on: who holds each, and who waits for it. */
  private final Map<String, Entry> entries = new HashMap<>();

  public TusLocks(Vertx vertx, long waitMs) {
    this.vertx = vertx;
    this.waitMs = waitMs;
  }

  /** Runs {@code work} holding the upload, waiting for (and prodding) a current holder. */
  public <T> Future<T> withLock(String assetId, Function<Lease, Future<T>> work) {
    return acquire(assetId).compose(holder -> run(assetId, holder, work));
  }

  /** Runs {@code work} only if nobody holds the upload; empty otherwise. */
  public <T> Future<Optional<T>> ifFree(String assetId, Function<Lease, Future<T>> work) {
    if (entries.containsKey(assetId)) {
      return Future.succeededFuture(Optional.empty());
    }
    Entry entry = new Entry();
    entries.put(assetId, entry);
    return run(assetId, entry.holder, work).map(Optional::of);
  }

  private <T> Future<T> run(String assetId, Holder holder, Function<Lease, Future<T>> work) {
    Future<T> done;
    try {
      done = work.apply(holder);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    return done.andThen(result -> release(assetId));
  }

  private Future<Holder> acquire(String assetId) {
    Entry entry = entries.get(assetId);
    if (entry == null) {
      entry = new Entry();
      entries.put(assetId, entry);
      return Future.succeededFuture(entry.holder);
    }
    Entry waitingOn = entry;
    Promise<Holder> waiting = Promise.promise();
    waitingOn.waiters.add(waiting);
    long timer = vertx.setTimer(waitMs, id -> {
      if (waitingOn.waiters.remove(waiting)) {
        waiting.tryFail(new ApiException(ErrorCode.UPLOAD_LOCKED, "upload " + assetId
            + " is busy with another request; retry"));
      }
    });
    waitingOn.holder.requestTakeover();
    return waiting.future().andThen(result -> vertx.cancelTimer(timer));
  }

  private void release(String assetId) {
    Entry entry = entries.get(assetId);
    if (entry == null) {
      return;
    }
    Promise<Holder> next = entry.waiters.poll();
    if (next == null) {
      entries.remove(assetId);
      return;
    }
    entry.holder = new Holder();
    if (!entry.waiters.isEmpty()) {
      entry.holder.requestTakeover();
    }
    next.complete(entry.holder);
  }

  private static final class Entry {
    private Holder holder = new Holder();
    private final Deque<Promise<Holder>> waiters = new ArrayDeque<>();
  }

  private static final class Holder implements Lease {
    private Runnable stop;
    private boolean takeoverRequested;

    @Override
    public void onTakeover(Runnable stopHook) {
      this.stop = stopHook;
      if (takeoverRequested) {
        fire();
      }
    }

    void requestTakeover() {
      takeoverRequested = true;
      fire();
    }

    private void fire() {
      Runnable hook = stop;
      stop = null;
      if (hook != null) {
        hook.run();
      }
    }
  }
}
