package dev.reel.delivery.cache;

import dev.reel.delivery.config.EdgeCacheSettings;
import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.storage.OriginBody;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * An edge cache over a {@link FakeOrigin}, driven the way ObjectResponder drives it (describe,
 * then open a range, then read it), on one Vert.x context.
 */
final class CacheFixture {

  final Vertx vertx;
  final Context context;
  final FakeOrigin origin;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final EdgeCache cache;

  CacheFixture(Vertx vertx, FakeOrigin origin, EdgeCacheSettings settings) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.origin = origin;
    this.cache = await(onContext(() -> EdgeCache.open(vertx, origin, settings, registry)));
  }

  static EdgeCacheSettings settings(Path dir, long memoryBytes, long diskBytes,
      long maxObjectBytes) {
    return new EdgeCacheSettings(true, memoryBytes, diskBytes, Optional.of(dir), maxObjectBytes,
        Duration.ofSeconds(60), Duration.ofSeconds(600), Duration.ofSeconds(1));
  }

  /** One viewer's request under way: what it received so far, and how it ended. */
  static final class Reading {
    final Promise<Buffer> done = Promise.promise();
    final Buffer received = Buffer.buffer();
    final java.util.concurrent.atomic.AtomicInteger receivedBytes =
        new java.util.concurrent.atomic.AtomicInteger();
    /** How many buffers the bytes came in. */
    final java.util.concurrent.atomic.AtomicInteger buffers =
        new java.util.concurrent.atomic.AtomicInteger();
    volatile OriginBody body;

    int receivedBytes() {
      return receivedBytes.get();
    }
  }

  /** Starts a request for {@code key}, the whole object if {@code first} is null. */
  Reading start(String key, Long first, Long last) {
    Reading reading = new Reading();
    context.runOnContext(v -> cache.describe(key)
        .compose(info -> {
          long length = info.orElseThrow().length();
          ByteRange range = first == null ? ByteRange.whole(length)
              : new ByteRange(first, last, length);
          return cache.open(key, range);
        })
        .onFailure(reading.done::tryFail)
        .onSuccess(body -> {
          reading.body = body;
          body.stream().handler(chunk -> {
                reading.received.appendBuffer(chunk);
                reading.receivedBytes.addAndGet(chunk.length());
                reading.buffers.incrementAndGet();
              })
              .endHandler(end -> reading.done.tryComplete(reading.received))
              .exceptionHandler(reading.done::tryFail);
          body.stream().resume();
        }));
    return reading;
  }

  /** Gets the whole object, then waits until the cache has filed it. */
  Buffer get(String key) {
    Buffer body = await(start(key, null, null).done.future());
    settled();
    return body;
  }

  Buffer get(String key, long first, long last) {
    Buffer body = await(start(key, first, last).done.future());
    settled();
    return body;
  }

  <T> Future<T> onContext(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  double counter(String name, String tag, String value) {
    var search = registry.find(name);
    var counter = (tag == null ? search : search.tag(tag, value)).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Waits until no fill is under way: every fetched object is filed in its levels. */
  void settled() {
    eventually("fills filed", () -> registry.find("reel.delivery.cache.fills").gauge().value()
        == 0);
  }

  void close() {
    await(onContext(cache::close));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Holds the worker thread of a Vert.x with one, until the latch returned is counted down (or
   * 30 s pass): the cache's file work waits meanwhile.
   */
  static CountDownLatch holdTheWorker(Vertx vertx) {
    CountDownLatch held = new CountDownLatch(1);
    vertx.executeBlocking(() -> held.await(30, TimeUnit.SECONDS), false);
    return held;
  }

  static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Bytes of the cache's object files (complete and under way) in {@code dir}. */
  static long filesBytes(Path dir) {
    return sumOfSizes(dir, size -> size);
  }

  /** What the object files take on disk as du counts it: each rounded up to whole blocks. */
  static long blocksBytes(Path dir) {
    return sumOfSizes(dir, size -> (size + EntryFile.BLOCK_BYTES - 1) / EntryFile.BLOCK_BYTES
        * EntryFile.BLOCK_BYTES);
  }

  /** The object files' sizes, each as {@code counted}, summed; a file gone meanwhile is 0. */
  private static long sumOfSizes(Path dir, LongUnaryOperator counted) {
    return measureObjectFiles(dir, files -> files.filter(Files::isRegularFile)
        .mapToLong(f -> {
          try {
            return counted.applyAsLong(Files.size(f));
          } catch (IOException e) {
            return 0;
          }
        }).sum());
  }

  static long objectFiles(Path dir) {
    return measureObjectFiles(dir, Stream::count);
  }

  /**
   * {@code measure} of the cache's object files (complete and under way) in {@code dir}; walked
   * again when a file is deleted between the directory's listing and the walk's look at it, as
   * the cache deletes on a worker thread while a test polls.
   */
  private static long measureObjectFiles(Path dir, ToLongFunction<Stream<Path>> measure) {
    while (true) {
      try (Stream<Path> files = Files.walk(dir)) {
        return measure.applyAsLong(files.filter(f -> f.toString().endsWith(EntryFile.SUFFIX)
            || f.toString().endsWith(EntryFile.PART_SUFFIX)));
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof NoSuchFileException)) {
          throw e;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
