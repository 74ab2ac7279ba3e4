package dev.reel.delivery.cache;

import dev.reel.delivery.config.EdgeCacheSettings;
import dev.reel.delivery.storage.ObjectInfo;
import dev.reel.delivery.storage.Origin;
import dev.reel.delivery.storage.OriginBody;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origin fetches under way, at most one per key: who asks for a key while its fetch runs
 * gets that fetch. A fetch whose object is cacheable becomes a {@link Fill}; once filled, it is
 * filed in its levels, and only then does the next request for the key find it there instead.
 */
final class OriginFetches {

  private static final Logger LOG = LoggerFactory.getLogger(OriginFetches.class);
  /**
   * How long the whole body of an object that is not cached waits for the request that fetched
   * it, before it is cut.
   */
  private static final long SPARE_MILLIS = 1000;
  /** How long a stop waits for fills that have every byte to be filed. */
  private static final long CLOSE_TIMEOUT_SECONDS = 10;

  /** Where a fetched object is kept. */
  private enum Placement {
    NONE(false, false), MEMORY(true, false), DISK(false, true), BOTH(true, true);

    final boolean memory;
    final boolean disk;

    Placement(boolean memory, boolean disk) {
      this.memory = memory;
      this.disk = disk;
    }
  }

  /** How a fetch turned out once the origin's headers arrived. */
  sealed interface Outcome {
  }

  record NotFound() implements Outcome {
  }

  /** The object exists but is not cached: too large, no ETag, or no room. */
  record Uncached(ObjectInfo info) implements Outcome {
  }

  record Filling(Fill fill) implements Outcome {
  }

  /**
   * The whole body of an object that is not cached, as its fetch received it, kept for the
   * request that fetched it: that request, which only needed the object's headers to decide,
   * usually asks for all of it next, and the body would otherwise be cut and fetched again.
   */
  private record Spare(ObjectInfo info, OriginBody body, Context context) {
  }

  /** One origin fetch of a key, shared by every request that wants it meanwhile. */
  static final class Fetch {
    final String key;
    final Promise<Outcome> outcome = Promise.promise();
    /** Completes once the fetch is over: filed, thrown away, or never a fill. */
    final Promise<Void> over = Promise.promise();
    private final AtomicBoolean firstReaderSeen = new AtomicBoolean();
    volatile boolean invalidated;

    Fetch(String key) {
      this.key = key;
    }

    /** False for the first viewer to read the fill (the one that missed), true after. */
    boolean joinedByAnother() {
      return firstReaderSeen.getAndSet(true);
    }
  }

  /** Told what a fetch learnt of an object, so that the next request need not ask. */
  interface Learnt {
    /**
     * @param cacheable whether the object's bytes are cached
     * @param noRoom not cached only because the disk's room was taken (by fills under way) when
     *     it was fetched: worth trying again soon
     */
    void learnt(String key, ObjectInfo info, boolean cacheable, boolean noRoom,
        long invalidationsAtStart);

    void gone(String key);
  }

  private final Vertx vertx;
  private final Origin origin;
  private final EdgeCacheSettings settings;
  private final MemoryLevel memory;
  private final DiskLevel disk;
  private final CacheMetrics metrics;
  private final Learnt learnt;
  private final Map<String, Fetch> byKey = new HashMap<>();
  private final Set<Fetch> unfinished = new HashSet<>();
  private final Map<String, Spare> spares = new HashMap<>();

  OriginFetches(Vertx vertx, Origin origin, EdgeCacheSettings settings, MemoryLevel memory,
      DiskLevel disk, CacheMetrics metrics, Learnt learnt) {
    this.vertx = vertx;
    this.origin = origin;
    this.settings = settings;
    this.memory = memory;
    this.disk = disk;
    this.metrics = metrics;
    this.learnt = learnt;
  }

  /** Whether a fetch of {@code key} is under way. */
  synchronized boolean underWay(String key) {
    return byKey.containsKey(key);
  }

  /** The fetch of {@code key} under way, or a new one started on the caller's context. */
  Fetch fetchOnce(String key, long invalidationsAtStart) {
    Fetch fetch;
    synchronized (this) {
      fetch = byKey.get(key);
      if (fetch != null) {
        return fetch;
      }
      fetch = new Fetch(key);
      byKey.put(key, fetch);
      unfinished.add(fetch);
    }
    start(fetch, invalidationsAtStart);
    return fetch;
  }

  /**
   * Marks the fetches of matching keys as stale and lets the next request start afresh; their
   * viewers read on, and the fills are thrown away once done. Returns their keys.
   */
  synchronized Set<String> invalidate(Predicate<String> keys) {
    Set<String> stale = new HashSet<>();
    for (String key : List.copyOf(spares.keySet())) {
      if (keys.test(key)) {
        spares.remove(key).body().cancel().run();
      }
    }
    for (Fetch fetch : List.copyOf(byKey.values())) {
      if (keys.test(fetch.key)) {
        fetch.invalidated = true;
        byKey.remove(fetch.key, fetch);
        stale.add(fetch.key);
      }
    }
    return stale;
  }

  /**
   * Stops the fills still receiving (their viewers are cut), lets those that have every byte
   * finish filing, and completes once every fetch is over.
   */
  Future<Void> close() {
    List<Fetch> pending;
    List<Spare> left;
    synchronized (this) {
      pending = new ArrayList<>(unfinished);
      left = new ArrayList<>(spares.values());
      spares.clear();
    }
    left.forEach(spare -> spare.body().cancel().run());
    pending.forEach(fetch -> fetch.outcome.future().onSuccess(outcome -> {
      if (outcome instanceof Filling filling) {
        filling.fill().cancelIfReceiving(new IllegalStateException("delivery is stopping"));
      }
    }));
    return Future.join(pending.stream().map(fetch -> fetch.over.future()).toList())
        .<Void>mapEmpty().otherwiseEmpty()
        .timeout(CLOSE_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
        .otherwiseEmpty();
  }

  private void start(Fetch fetch, long invalidationsAtStart) {
    long began = System.nanoTime();
    Context context = vertx.getOrCreateContext();
    metrics.coldMiss();
    origin.fetch(fetch.key)
        .onComplete(done -> metrics.originLatency("get", System.nanoTime() - began))
        .onComplete(answered -> {
          if (answered.failed()) {
            finish(fetch);
            fetch.outcome.fail(answered.cause());
          } else if (answered.result().isEmpty()) {
            finish(fetch);
            learnt.gone(fetch.key);
            fetch.outcome.complete(new NotFound());
          } else {
            Prepared prepared = fill(context, fetch, answered.result().get(),
                invalidationsAtStart);
            // The requests waiting get their answer first: the fill's start (a file to create
            // on a worker thread, the origin's body to take in) can wait for their heads.
            fetch.outcome.complete(prepared.outcome());
            prepared.begin().run();
          }
        });
  }

  /** An outcome, and what to run once the requests waiting for it have it. */
  private record Prepared(Outcome outcome, Runnable begin) {
  }

  private Prepared fill(Context context, Fetch fetch, Origin.Fetched fetched,
      long invalidationsAtStart) {
    ObjectInfo info = fetched.info();
    Placement placement = place(info);
    DiskLevel.Reservation reservation = null;
    boolean noRoom = false;
    if (placement.disk) {
      reservation = disk.reserve(EntryFile.diskBytes(info.length())).orElse(null);
      if (reservation == null) {
        noRoom = true;
        placement = placement.memory ? Placement.MEMORY : Placement.NONE;
      }
    }
    if (placement == Placement.NONE || fetch.invalidated) {
      if (reservation != null) {
        // Invalidated while the origin answered: the room taken for it goes back.
        disk.cancel(reservation);
      }
      if (fetch.invalidated) {
        fetched.body().cancel().run();
      } else {
        keepSpare(context, fetch.key, info, fetched.body());
      }
      finish(fetch);
      learnt.learnt(fetch.key, info, false, noRoom && !fetch.invalidated,
          invalidationsAtStart);
      return new Prepared(new Uncached(info), () -> { });
    }
    Promise<SharedFile> part = reservation == null ? null : Promise.promise();
    Fill fill = new Fill(context, info, fetched.body(), placement.memory,
        part == null ? null : part.future(), metrics);
    learnt.learnt(fetch.key, info, true, false, invalidationsAtStart);
    metrics.fillStarted();
    Placement where = placement;
    DiskLevel.Reservation room = reservation;
    fill.filled().onComplete(done -> file(fetch, fill, where, room,
        part == null ? null : part.future(), done.cause()));
    return new Prepared(new Filling(fill), () -> {
      if (part != null) {
        // The file is made once the files evicted to make room for it are gone (at once, mostly:
        // there were none, or they went already), so that the level never holds more than its
        // bound. Meanwhile the fill keeps what arrives in memory, and pauses the origin.
        Runnable create = () -> disk.createPart(fetch.key, info, room).onComplete(part);
        if (room.ready().isComplete()) {
          create.run();
        } else {
          room.ready().onComplete(gone -> context.runOnContext(v -> create.run()));
        }
      }
      fill.start();
    });
  }

  /**
   * The whole body of {@code key} that a fetch received moments ago for the request on this
   * context, if it is still there and of version {@code etag}: no second GET for that request.
   */
  OriginBody takeSpare(String key, String etag) {
    Spare spare;
    synchronized (this) {
      spare = spares.get(key);
      if (spare == null || spare.context() != Vertx.currentContext()
          || !Objects.equals(spare.info().etag(), etag)) {
        return null;
      }
      spares.remove(key);
    }
    return spare.body();
  }

  private void keepSpare(Context context, String key, ObjectInfo info, OriginBody body) {
    Spare spare = new Spare(info, body, context);
    Spare replaced;
    synchronized (this) {
      replaced = spares.put(key, spare);
    }
    if (replaced != null) {
      replaced.body().cancel().run();
    }
    vertx.setTimer(SPARE_MILLIS, id -> {
      boolean untaken;
      synchronized (this) {
        untaken = spares.remove(key, spare);
      }
      if (untaken) {
        // A 304, a 412, a range that starts elsewhere: nobody wanted the whole body.
        body.cancel().run();
      }
    });
  }

  /** Files a finished fill in its levels, or throws it away; then the fetch is over. */
  private void file(Fetch fetch, Fill fill, Placement placement,
      DiskLevel.Reservation reservation, Future<SharedFile> part, Throwable failure) {
    String key = fetch.key;
    String etag = fill.info().etag();
    boolean keep = failure == null && !fetch.invalidated;
    if (failure != null) {
      LOG.warn("edge cache: filling {} failed, nothing kept: {}", key, failure.toString());
      if (failure instanceof Fill.DiskFailure && disk != null) {
        disk.failed(failure.getCause());
      }
      // The next request fetches afresh at once, not joining this failed fill while its part
      // file is still being made or thrown away on a worker thread.
      synchronized (this) {
        byKey.remove(key, fetch);
      }
    }
    if (keep && placement.memory) {
      memory.put(key, new MemoryLevel.Entry(key, fill.info(), fill.body()));
      // An invalidation that raced the put marked the fetch first: undo the put.
      if (fetch.invalidated) {
        memory.remove(key, etag);
      }
    }
    Future<Void> filed;
    if (reservation == null) {
      filed = Future.succeededFuture();
    } else if (keep) {
      filed = part.compose(file -> disk.commit(reservation, key, fill.info(), file)
              .onSuccess(v -> {
                if (fetch.invalidated) {
                  disk.remove(key, etag);
                }
              })
              .recover(e -> {
                LOG.warn("edge cache: cannot keep {} on disk: {}", key, e.toString());
                disk.failed(e);
                disk.abandon(reservation, file);
                return Future.succeededFuture();
              }))
          .otherwiseEmpty();
    } else {
      filed = part.transform(created -> {
        if (created.succeeded()) {
          disk.abandon(reservation, created.result());
        } else {
          disk.cancel(reservation);
        }
        return Future.succeededFuture();
      });
    }
    filed.onComplete(v -> {
      fill.settle();
      finish(fetch);
      metrics.fillEnded(failure != null);
    });
  }

  private Placement place(ObjectInfo info) {
    if (info.etag() == null) {
      return Placement.NONE;
    }
    boolean fitsMemory = memory.capacity() > 0 && info.length() <= settings.memoryObjectBytes();
    // Playlists and manifests go to disk too, though they are small and change while an asset is
    // transcoded: after a restart while S3 is away, a player can start only if they are there.
    // An object whose file, header and blocks counted, is larger than the whole level is no
    // more cacheable than one over the largest object size.
    if (disk != null && info.length() <= settings.maxObjectBytes()
        && EntryFile.diskBytes(info.length()) <= disk.capacity()) {
      return fitsMemory ? Placement.BOTH : Placement.DISK;
    }
    return fitsMemory ? Placement.MEMORY : Placement.NONE;
  }

  /** Whether an object is cached at all, wherever. */
  boolean cacheable(ObjectInfo info) {
    return place(info) != Placement.NONE;
  }

  private void finish(Fetch fetch) {
    synchronized (this) {
      byKey.remove(fetch.key, fetch);
      unfinished.remove(fetch);
    }
    fetch.over.tryComplete();
  }
}
