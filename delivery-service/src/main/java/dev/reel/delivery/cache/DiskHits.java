package dev.reel.delivery.cache;

import dev.reel.delivery.config.EdgeCacheSettings;
import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.storage.OriginBody;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hits on the disk level: a region of the entry's file for sendfile (and the same bytes as a
 * stream read on a worker thread), or memory where that is cheaper. Copies to memory are made on
 * worker threads, one at a time per slot.
 */
final class DiskHits {

  private static final Logger LOG = LoggerFactory.getLogger(DiskHits.class);
  /** Ranges up to this size of large disk entries are served from memory blocks. */
  static final long SMALL_RANGE_BYTES = 64 * 1024;
  static final long BLOCK_BYTES = 256 * 1024;
  /** Separates an object's key from its block number in a memory slot (no key has it). */
  private static final String BLOCK_SLOT = "\u0000block:";

  private final Vertx vertx;
  private final EdgeCacheSettings settings;
  private final MemoryLevel memory;
  private final DiskLevel disk;
  private final CacheMetrics metrics;
  private final BiFunction<String, ByteRange, Future<OriginBody>> fallback;
  private final Set<String> promoting = new HashSet<>();

  /** @param fallback what serves a range when the file cannot be read: the origin */
  DiskHits(Vertx vertx, EdgeCacheSettings settings, MemoryLevel memory, DiskLevel disk,
      CacheMetrics metrics, BiFunction<String, ByteRange, Future<OriginBody>> fallback) {
    this.vertx = vertx;
    this.settings = settings;
    this.memory = memory;
    this.disk = disk;
    this.metrics = metrics;
    this.fallback = fallback;
  }

  /**
   * A disk hit. A small object is also copied to memory for the next viewer. A small range of a
   * large object comes from memory if its block is there, and otherwise has its block copied
   * there: sending a few KiB from a buffer costs less than a sendfile (Vert.x writes headers,
   * file and end separately), and players probing indexes ask for the same blocks again.
   */
  Future<OriginBody> serve(Context context, String key, DiskLevel.Entry held,
      ByteRange range, boolean counted) {
    long length = held.info().length();
    if (memory.capacity() > 0 && length <= settings.memoryObjectBytes()) {
      promote(key, held, key, 0, (int) length);
    } else if (memory.capacity() > 0 && range.length() <= SMALL_RANGE_BYTES
        && range.first() / BLOCK_BYTES == range.last() / BLOCK_BYTES) {
      long block = range.first() / BLOCK_BYTES;
      String slot = key + BLOCK_SLOT + block;
      MemoryLevel.Entry hot = memory.get(slot, held.info().etag());
      if (hot != null) {
        held.file().release();
        metrics.hit("memory", range.length(), counted);
        RangeReader reader = new RangeReader(context, BodySource.of(hot.body()),
            range.first() - block * BLOCK_BYTES, range.length(), () -> { });
        return Future.succeededFuture(new OriginBody(reader, reader::close).fromCache());
      }
      promote(key, held, slot, block * BLOCK_BYTES,
          (int) Math.min(BLOCK_BYTES, length - block * BLOCK_BYTES));
    }
    metrics.hit("disk", range.length(), counted);
    return fromDisk(context, key, held, range);
  }

  private Future<OriginBody> fromDisk(Context context, String key, DiskLevel.Entry held,
      ByteRange range) {
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        held.file().release();
      }
    };
    return EdgeCache.onCallersContext(disk.channel(held))
        .map(channel -> {
          RangeReader reader = new RangeReader(context, BodySource.of(channel), range.first(),
              range.length(), release);
          return new OriginBody(reader, () -> {
            reader.close();
            release.run();
          }, Optional.of(new OriginBody.FileRegion(channel,
              EntryFile.HEADER_BYTES + range.first(), range.length()))).fromCache();
        })
        .recover(failure -> {
          LOG.warn("edge cache: cannot read {} from disk, asking the origin: {}", key,
              failure.toString());
          release.run();
          disk.remove(key);
          return fallback.apply(key, range);
        });
  }

  /**
   * Copies {@code length} bytes at {@code offset} of a disk entry into the memory level's
   * {@code slot}, on a worker thread, unless that copy is already under way.
   */
  private void promote(String key, DiskLevel.Entry held, String slot, long offset, int length) {
    synchronized (promoting) {
      if (!promoting.add(slot)) {
        return;
      }
    }
    if (!held.file().hold()) {
      synchronized (promoting) {
        promoting.remove(slot);
      }
      return;
    }
    disk.channel(held)
        .compose(channel -> vertx.executeBlocking(() -> BodySource.read(channel, offset, length),
            false))
        .onComplete(read -> {
          held.file().release();
          synchronized (promoting) {
            promoting.remove(slot);
          }
          if (read.succeeded()) {
            memory.put(slot, new MemoryLevel.Entry(key, held.info(), read.result()));
          }
        });
  }
}
