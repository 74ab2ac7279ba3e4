package dev.reel.delivery.cache;

import dev.reel.common.files.DirectoryTree;
import dev.reel.delivery.config.EdgeCacheSettings;
import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.storage.MediaStore;
import dev.reel.delivery.storage.ObjectInfo;
import dev.reel.delivery.storage.Origin;
import dev.reel.delivery.storage.OriginBody;
import dev.reel.delivery.storage.S3MediaStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge cache: a {@link MediaStore} in front of the origin that keeps objects in memory and
 * on local disk, keyed on object key and ETag.
 *
 * <ul>
 *   <li>A warm request asks the origin nothing: what an object is (length, ETag) is kept in a
 *       {@link MetadataCache}, and its bytes in the {@link MemoryLevel memory} or
 *       {@link DiskLevel disk} level; a disk entry is sent with sendfile.</li>
 *   <li>A cold request costs one origin round trip, not two: describing an unknown object
 *       fetches it whole, and the same answer both describes it and starts to fill the cache.
 *       An object the cache already holds but no longer trusts is revalidated with a HEAD.</li>
 *   <li>Requests collapse: however many viewers ask for an object at once, there is one
 *       lookup and one origin fetch, and every viewer follows that {@link Fill} as its bytes
 *       arrive, whatever range it asked for.</li>
 *   <li>A fill, once started, runs to the end even if its viewers leave, so that the next
 *       viewer (seconds away, for a segment) finds the object whole; what could run long is
 *       bounded, because objects over the largest cacheable size are streamed through and
 *       never filled. A fill that fails leaves nothing behind: its viewers' responses are cut,
 *       its file is deleted, and the next request starts again.</li>
 * </ul>
 */
public final class EdgeCache implements MediaStore {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeCache.class);
  private static final String DEFAULT_DIR = "reel-delivery-cache";
  /**
   * How far beyond what a fill has received a range may start and still wait for the fill: a
   * segment is a few MiB, so every viewer of a new segment follows its one fill, while a range
   * deep into a large original gets a GET of its own.
   */
  static final long FAR_AHEAD_BYTES = 8L << 20;

  private final Vertx vertx;
  private final Origin origin;
  private final EdgeCacheSettings settings;
  private final CacheMetrics metrics;
  private final MemoryLevel memory;
  private final DiskLevel disk;
  private final String instanceId;
  private final Path throwawayDir;
  private final MetadataCache metadata;
  private final OriginFetches fetches;
  private final Map<String, Future<Optional<ObjectInfo>>> lookups = new HashMap<>();
  private final DiskHits diskHits;
  private final Invalidations invalidations = new Invalidations();
  /**
   * Checks of held copies that had no answer within the wait and still have none. While there
   * is one, the origin is silent, and another check serves its copy at once instead of waiting
   * too: a player starting an asset from the disk level while S3 hangs would otherwise wait a
   * second for its master playlist, its variant playlist, its init segment and each segment.
   */
  private final AtomicInteger silentChecks = new AtomicInteger();

  private EdgeCache(Vertx vertx, Origin origin, EdgeCacheSettings settings,
      CacheMetrics metrics, DiskLevel disk, Path throwawayDir) {
    this.vertx = vertx;
    this.origin = origin;
    this.settings = settings;
    this.metrics = metrics;
    this.memory = new MemoryLevel(settings.memoryBytes(), metrics);
    this.disk = disk;
    this.instanceId = disk == null ? UUID.randomUUID().toString() : disk.instanceId();
    this.throwawayDir = throwawayDir;
    this.metadata = new MetadataCache(settings.manifestTtl(), settings.objectTtl());
    this.fetches = new OriginFetches(vertx, origin, settings, memory, disk, metrics,
        new OriginFetches.Learnt() {
          @Override
          public void learnt(String key, ObjectInfo info, boolean cacheable, boolean noRoom,
              long asked) {
            remember(key, info, cacheable, noRoom, asked);
          }

          @Override
          public void gone(String key) {
            metadata.remove(key);
          }
        });
    this.diskHits = disk == null ? null
        : new DiskHits(vertx, settings, memory, disk, metrics,
            (key, range) -> passThrough(key, range, true));
    metrics.watch(memory, disk);
  }

  /**
   * Opens the cache: its disk level in the configured directory (which must be free), or by
   * default in the system temp dir, falling back on a throwaway directory of its own when
   * another delivery on this machine already uses the default one.
   */
  public static Future<EdgeCache> open(Vertx vertx, Origin origin, EdgeCacheSettings settings,
      MeterRegistry registry) {
    CacheMetrics metrics = new CacheMetrics(registry);
    if (settings.diskBytes() == 0) {
      return Future.succeededFuture(new EdgeCache(vertx, origin, settings, metrics, null, null));
    }
    if (settings.dir().isPresent()) {
      return DiskLevel.open(vertx, settings.dir().get(), settings.diskBytes(), metrics)
          .map(disk -> new EdgeCache(vertx, origin, settings, metrics, disk, null));
    }
    Path shared = Path.of(System.getProperty("java.io.tmpdir"), DEFAULT_DIR);
    return DiskLevel.open(vertx, shared, settings.diskBytes(), metrics)
        .map(disk -> new EdgeCache(vertx, origin, settings, metrics, disk, null))
        .recover(failure -> {
          if (!(failure instanceof DiskLevel.DirectoryInUse)) {
            return Future.failedFuture(failure);
          }
          return vertx.executeBlocking(() -> Files.createTempDirectory(DEFAULT_DIR + "-"), false)
              .compose(own -> {
                LOG.info("edge cache: {} is in use, caching in {} until this instance stops",
                    shared, own);
                return DiskLevel.open(vertx, own, settings.diskBytes(), metrics)
                    .map(disk -> new EdgeCache(vertx, origin, settings, metrics, disk, own));
              });
        });
  }

  /** Names this cache's consumer group: the same across restarts on the same directory. */
  public String instanceId() {
    return instanceId;
  }

  // ---- MediaStore ------------------------------------------------------------------------

  @Override
  public Future<Optional<ObjectInfo>> describe(String key) {
    MetadataCache.Known known = metadata.fresh(key, System.nanoTime());
    // Trusted while a copy is at hand (or being fetched), or while the object is known not to
    // be kept. A cacheable object that was evicted is a miss: the GET it needs describes it, so
    // an object changed or deleted at the origin meanwhile is answered as it is now, not with
    // the old validators and then a body that does not match them.
    if (known != null && (!known.cacheable() || held(key) != null || fetches.underWay(key))) {
      return Future.succeededFuture(Optional.of(known.info()));
    }
    Promise<Optional<ObjectInfo>> promise;
    synchronized (this) {
      Future<Optional<ObjectInfo>> underWay = lookups.get(key);
      if (underWay != null) {
        return onCallersContext(underWay);
      }
      promise = Promise.promise();
      lookups.put(key, promise.future());
    }
    lookup(key).onComplete(result -> {
      synchronized (this) {
        lookups.remove(key);
      }
      promise.handle(result);
    });
    return promise.future();
  }

  /**
   * A HEAD of an object that is neither known nor held asks S3 for its head alone: describing it
   * by a GET, as a miss does, would fetch the whole object for a HEAD.
   */
  @Override
  public Future<Optional<ObjectInfo>> describeOnly(String key) {
    MetadataCache.Known known = metadata.fresh(key, System.nanoTime());
    if (known != null) {
      return Future.succeededFuture(Optional.of(known.info()));
    }
    if (held(key) != null || fetches.underWay(key)) {
      return describe(key);
    }
    long invalidationsAtStart = invalidations.current();
    long start = System.nanoTime();
    return origin.describe(key)
        .onComplete(done -> metrics.originLatency("head", System.nanoTime() - start))
        .onSuccess(found -> found.ifPresent(info -> remember(key, info, invalidationsAtStart)));
  }

  @Override
  public boolean holds(String key, String etag) {
    ObjectInfo held = held(key);
    return held != null && Objects.equals(held.etag(), etag) || fetches.underWay(key);
  }

  /** What the memory or the disk level holds of {@code key}, or null. */
  private ObjectInfo held(String key) {
    ObjectInfo inMemory = memory.peek(key);
    return inMemory != null || disk == null ? inMemory : disk.peek(key);
  }

  private Future<Optional<ObjectInfo>> lookup(String key) {
    long invalidationsAtStart = invalidations.current();
    ObjectInfo held = held(key);
    if (held == null) {
      return onCallersContext(fetches.fetchOnce(key, invalidationsAtStart).outcome.future())
          .map(EdgeCache::describedBy);
    }
    // A copy is at hand, but no longer trusted: ask whether it is still the current version.
    long start = System.nanoTime();
    Future<Optional<ObjectInfo>> asked = origin.describe(key)
        .onComplete(done -> metrics.originLatency("head", System.nanoTime() - start))
        .onSuccess(found -> {
          if (found.isEmpty() || !Objects.equals(found.get().etag(), held.etag())) {
            dropData(key);
          }
          found.ifPresentOrElse(info -> remember(key, info, invalidationsAtStart),
              () -> metadata.remove(key));
        });
    // The origin failing, or slow to answer, is no reason to fail a viewer whose copy is at hand
    // (RFC 5861's stale-if-error, as CloudFront does when its origin is down): the copy is
    // served and trusted for another while; an answer that comes later still counts.
    Promise<Optional<ObjectInfo>> answer = Promise.promise();
    // This check: 0 while unanswered, 1 once counted as silent, 2 once answered.
    AtomicInteger state = new AtomicInteger();
    boolean originSilent = silentChecks.get() > 0;
    long timer;
    if (originSilent) {
      timer = -1;
      state.set(1);
      silentChecks.incrementAndGet();
    } else {
      timer = vertx.setTimer(settings.revalidateWait().toMillis(), id -> {
        if (state.compareAndSet(0, 1)) {
          silentChecks.incrementAndGet();
        }
        serveStale(key, held, invalidationsAtStart, answer, "no answer yet");
      });
    }
    asked.onComplete(result -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      if (state.getAndSet(2) == 1) {
        silentChecks.decrementAndGet();
      }
      if (result.succeeded()) {
        answer.tryComplete(result.result());
      } else if (!serveStale(key, held, invalidationsAtStart, answer,
          result.cause().toString())) {
        answer.tryFail(result.cause());
      }
    });
    if (originSilent) {
      serveStale(key, held, invalidationsAtStart, answer, "no answer to an earlier check yet");
    }
    return answer.future();
  }

  /**
   * Answers with the copy held of {@code key}; false if there is none any more or an
   * invalidation covered it since the origin was asked (the request then has the origin's
   * answer, whatever it is).
   */
  private boolean serveStale(String key, ObjectInfo held, long invalidationsAtStart,
      Promise<Optional<ObjectInfo>> answer, String why) {
    if (answer.future().isComplete() || invalidations.coveredSince(key, invalidationsAtStart)
        || held(key) == null) {
      return false;
    }
    remember(key, held, invalidationsAtStart);
    if (answer.tryComplete(Optional.of(held))) {
      metrics.staleServed();
      LOG.warn("edge cache: serving the copy held of {} unconfirmed, the origin: {}", key, why);
    }
    return true;
  }

  private static Optional<ObjectInfo> describedBy(OriginFetches.Outcome outcome) {
    if (outcome instanceof OriginFetches.Filling filling) {
      return Optional.of(filling.fill().info());
    } else if (outcome instanceof OriginFetches.Uncached uncached) {
      return Optional.of(uncached.info());
    }
    return Optional.empty();
  }

  @Override
  public Future<OriginBody> open(String key, ByteRange range) {
    return open(key, range, true);
  }

  @Override
  public Future<OriginBody> openAnotherPart(String key, ByteRange range) {
    return open(key, range, false);
  }

  /** {@code counted}: whether this range is a hit or a miss of its own (a request's first). */
  private Future<OriginBody> open(String key, ByteRange range, boolean counted) {
    MetadataCache.Known known = metadata.peek(key);
    if (known != null && !known.cacheable() && range.first() == 0
        && range.length() == range.completeLength()
        && known.info().length() == range.completeLength()) {
      OriginBody spare = fetches.takeSpare(key, known.info().etag());
      if (spare != null) {
        // The request whose fetch found the object uncacheable, asking for all of it.
        metrics.originBytes(range.length());
        return Future.succeededFuture(spare);
      }
    }
    if (known == null || !known.cacheable()
        || known.info().length() != range.completeLength()) {
      return passThrough(key, range, counted);
    }
    String etag = known.info().etag();
    Context context = vertx.getOrCreateContext();
    MemoryLevel.Entry inMemory = memory.get(key, etag);
    if (inMemory != null) {
      metrics.hit("memory", range.length(), counted);
      return Future.succeededFuture(MemoryBodies.of(context, inMemory.body(), range));
    }
    DiskLevel.Entry onDisk = disk == null ? null : disk.hold(key, etag);
    if (onDisk != null) {
      return diskHits.serve(context, key, onDisk, range, counted);
    }
    OriginFetches.Fetch fetch = fetches.fetchOnce(key, invalidations.current());
    return onCallersContext(fetch.outcome.future()).compose(outcome -> {
      if (outcome instanceof OriginFetches.Filling filling) {
        if (!etag.equals(filling.fill().info().etag())) {
          return Future.failedFuture(new S3MediaStore.OriginException(key
              + " changed while it was being read"));
        }
        if (range.first() - filling.fill().received() > FAR_AHEAD_BYTES) {
          // A range far beyond what has arrived (a player reading the index at the end of a
          // file, or seeking) would wait for everything before it: it gets a GET of its own,
          // and the fill goes on for the next viewers. The request that started the fetch
          // was counted as a miss then, not again now.
          return passThrough(key, range, counted && fetch.joinedByAnother());
        }
        if (!filling.fill().attach()) {
          // The fill just ended and let go of its file: the object is in a level now.
          return open(key, range, counted);
        }
        boolean joined = fetch.joinedByAnother();
        if (joined) {
          metrics.hit("fill", range.length(), counted);
        }
        Fill fill = filling.fill();
        AtomicBoolean detached = new AtomicBoolean();
        RangeReader reader = new RangeReader(context, fill, range.first(), range.length(),
            () -> {
              if (detached.compareAndSet(false, true)) {
                fill.detach();
              }
            });
        OriginBody arriving = OriginBody.arriving(reader, reader::close);
        return Future.succeededFuture(joined ? arriving.fromCache() : arriving);
      } else if (outcome instanceof OriginFetches.NotFound) {
        return Future.failedFuture(new S3MediaStore.OriginException(key
            + " was deleted while it was being read"));
      }
      return passThrough(key, range, counted);
    });
  }

  /**
   * A range of the object straight from the origin, as one GET of its own; an uncacheable miss
   * when {@code countMiss} (not when the request was counted already, or is a later range of a
   * multipart answer).
   */
  private Future<OriginBody> passThrough(String key, ByteRange range, boolean countMiss) {
    if (countMiss) {
      metrics.bypass();
    }
    long start = System.nanoTime();
    return origin.open(key, range)
        .onComplete(done -> metrics.originLatency("range", System.nanoTime() - start))
        .onSuccess(body -> metrics.originBytes(range.length()));
  }

  /**
   * A future shared between requests (a lookup, a fetch, a file being opened) completes on the
   * context of whoever started it; each other request goes on on its own, at once when it is on
   * the same thread. Every connection has a context of its own, the origin's included: an
   * origin fetch completes on its connection's context, and a request waiting for it that were
   * handed its answer by {@code runOnContext} would wait until the event loop had finished
   * reading the origin's socket, up to a megabyte of a large object, before it could send its
   * status line.
   */
  static <T> Future<T> onCallersContext(Future<T> shared) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return shared;
    }
    Promise<T> own = Promise.promise();
    // On the caller's thread (its own context or another on its event loop): now, with the
    // caller's context current; from any other thread: queued on the caller's context.
    shared.onComplete(result -> ((ContextInternal) caller).emit(result, own::handle));
    return own.future();
  }

  // ---- What is known ------------------------------------------------------------------------

  private void remember(String key, ObjectInfo info, long invalidationsAtStart) {
    remember(key, info, fetches.cacheable(info), false, invalidationsAtStart);
  }

  /** Keeps what the origin said, unless an invalidation came since the question was asked. */
  private void remember(String key, ObjectInfo info, boolean cacheable, boolean noRoom,
      long invalidationsAtStart) {
    if (invalidations.coveredSince(key, invalidationsAtStart)) {
      return;
    }
    metadata.put(key, new MetadataCache.Known(info, System.nanoTime(), cacheable, noRoom));
    // An invalidation between the check and the put was recorded before it dropped keys.
    if (invalidations.coveredSince(key, invalidationsAtStart)) {
      metadata.remove(key);
    }
  }

  private void dropData(String key) {
    memory.remove(key);
    if (disk != null) {
      disk.remove(key);
    }
  }

  // ---- Invalidation --------------------------------------------------------------------------

  /** {@code media.deleted}: everything of the asset goes, its original and its outputs. */
  public int assetDeleted(String assetId) {
    return invalidate(KeyRules.ofAsset(assetId), "deleted");
  }

  /**
   * New transcode output for the asset ({@code transcode.progress} with {@code playable}, or
   * {@code transcode.completed}): its playlists and manifests go. Once the transcode completed,
   * what is known of its other outputs is checked again too (a transcode run again rewrites
   * them under the same keys); their bytes stay, and serve again if their ETag did not change.
   */
  public int renditionsChanged(String assetId, boolean completed) {
    int dropped = invalidate(KeyRules.manifestsOf(assetId), "transcoded");
    if (completed) {
      invalidations.record(KeyRules.renditionsOf(assetId));
      metadata.removeIf(KeyRules.renditionsOf(assetId));
    }
    return dropped;
  }

  private int invalidate(Predicate<String> keys, String reason) {
    invalidations.record(keys);
    // Fetches first: a fill that finishes meanwhile sees the mark and does not file itself.
    Set<String> dropped = new HashSet<>(fetches.invalidate(keys));
    metadata.removeIf(keys);
    dropped.addAll(memory.removeIf(keys));
    if (disk != null) {
      dropped.addAll(disk.removeIf(keys));
    }
    metrics.invalidated(reason, dropped.size());
    return dropped.size();
  }

  // ---- Life cycle ----------------------------------------------------------------------------

  /**
   * Stops the fills under way (their viewers are cut), waits for those being filed, and lets
   * go of the disk directory.
   */
  public Future<Void> close() {
    Future<Void> fetched = fetches.close();
    if (disk == null) {
      return fetched;
    }
    return fetched.compose(v -> disk.close())
        .compose(v -> throwawayDir == null ? Future.succeededFuture()
            : vertx.executeBlocking(() -> {
              DirectoryTree.delete(throwawayDir);
              return null;
            }, false));
  }
}
