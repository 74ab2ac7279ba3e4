package dev.reel.delivery.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The edge cache's meters, under {@code reel.delivery.cache.*} on {@code /metrics}: hits by
 * level and misses by reason (their ratio as a gauge too), bytes served from the cache and
 * fetched from the origin, origin latency by request kind (its count is the number of origin
 * requests), evictions and invalidations, and entries and bytes per level.
 */
final class CacheMetrics {

  private final MeterRegistry registry;
  private final Counter memoryHits;
  private final Counter diskHits;
  private final Counter fillHits;
  private final Counter coldMisses;
  private final Counter bypassMisses;
  private final Counter cacheBytes;
  private final Counter originBytes;
  private final Counter fillFailures;
  private final Counter staleServed;
  private final AtomicInteger fillsUnderWay = new AtomicInteger();
  /**
   * Meters with a tag known only when first used, registered then and kept: building and
   * looking one up in the registry on every origin request costs more than the request's own
   * bookkeeping.
   */
  private final Map<String, Timer> originLatencies = new ConcurrentHashMap<>();
  private final Map<String, Counter> evictions = new ConcurrentHashMap<>();

  CacheMetrics(MeterRegistry registry) {
    this.registry = registry;
    memoryHits = hits("memory");
    diskHits = hits("disk");
    fillHits = hits("fill");
    coldMisses = misses("cold");
    bypassMisses = misses("uncacheable");
    cacheBytes = bytes("cache");
    originBytes = bytes("origin");
    fillFailures = Counter.builder("reel.delivery.cache.fill.failures")
        .description("Origin fetches that failed before the object was whole")
        .register(registry);
    staleServed = Counter.builder("reel.delivery.cache.stale")
        .description("Held copies served without the origin's confirmation, because checking "
            + "them failed or took longer than the wait for it")
        .register(registry);
    // Present from the start, at zero, so that dashboards and alerts find them.
    evicted("memory", 0);
    evicted("disk", 0);
    invalidated("deleted", 0);
    invalidated("transcoded", 0);
    Gauge.builder("reel.delivery.cache.fills", fillsUnderWay, AtomicInteger::get)
        .description("Origin fetches filling the cache right now")
        .register(registry);
    Gauge.builder("reel.delivery.cache.hit.ratio", this, CacheMetrics::hitRatio)
        .description("Hits over hits and misses since the start")
        .register(registry);
  }

  private Counter hits(String level) {
    return Counter.builder("reel.delivery.cache.hits").tag("level", level)
        .description("Requests served from the cache: memory, disk, or an origin fetch that "
            + "another request started")
        .register(registry);
  }

  private Counter misses(String reason) {
    return Counter.builder("reel.delivery.cache.misses").tag("reason", reason)
        .description("Requests that needed an origin fetch of their own")
        .register(registry);
  }

  private Counter bytes(String source) {
    return Counter.builder("reel.delivery.cache.bytes").tag("source", source).baseUnit("bytes")
        .description("Body bytes served from the cache, and fetched from the origin")
        .register(registry);
  }

  /** Exposes the levels' sizes. */
  void watch(MemoryLevel memory, DiskLevel disk) {
    level("memory", memory, MemoryLevel::entries, MemoryLevel::bytes, memory.capacity());
    if (disk != null) {
      level("disk", disk, DiskLevel::entries, DiskLevel::bytes, disk.capacity());
    }
  }

  private <T> void level(String level, T target, java.util.function.ToDoubleFunction<T> entries,
      java.util.function.ToDoubleFunction<T> bytes, long capacity) {
    Gauge.builder("reel.delivery.cache.entries", target, entries).tag("level", level)
        .description("Objects the level holds").register(registry);
    Gauge.builder("reel.delivery.cache.size", target, bytes).tag("level", level)
        .baseUnit("bytes").description("Bytes the level holds (disk: with fills under way)")
        .register(registry);
    Gauge.builder("reel.delivery.cache.capacity", () -> capacity).tag("level", level)
        .baseUnit("bytes").description("The level's configured bound").register(registry);
  }

  /**
   * Bytes served from a level; a hit too when {@code counted} (false for the second and later
   * ranges of a multipart answer: one result per request).
   */
  void hit(String level, long bytes, boolean counted) {
    if (counted) {
      switch (level) {
        case "memory" -> memoryHits.increment();
        case "disk" -> diskHits.increment();
        default -> fillHits.increment();
      }
    }
    cacheBytes.increment(bytes);
  }

  void coldMiss() {
    coldMisses.increment();
  }

  void bypass() {
    bypassMisses.increment();
  }

  void originBytes(long bytes) {
    originBytes.increment(bytes);
  }

  /**
   * How long the origin took to answer (to its headers), by request: {@code get}, {@code head}
   * or {@code range}.
   */
  void originLatency(String request, long nanos) {
    originLatencies.computeIfAbsent(request, kind -> Timer
            .builder("reel.delivery.cache.origin.latency").tag("request", kind)
            .description("Time to the origin's response headers; the count is the number of "
                + "origin requests").register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void evicted(String level) {
    evicted(level, 1);
  }

  void evicted(String level, int count) {
    evictions.computeIfAbsent(level, name -> Counter.builder("reel.delivery.cache.evictions")
        .tag("level", name).description("Entries evicted to make room").register(registry))
        .increment(count);
  }

  void invalidated(String reason, int entries) {
    Counter.builder("reel.delivery.cache.invalidations").tag("reason", reason)
        .description("Objects dropped on an event, each once, whatever levels held it")
        .register(registry).increment(entries);
  }

  void staleServed() {
    staleServed.increment();
  }

  void fillStarted() {
    fillsUnderWay.incrementAndGet();
  }

  void fillEnded(boolean failed) {
    fillsUnderWay.decrementAndGet();
    if (failed) {
      fillFailures.increment();
    }
  }

  private double hitRatio() {
    double hits = memoryHits.count() + diskHits.count() + fillHits.count();
    double all = hits + coldMisses.count() + bypassMisses.count();
    return all == 0 ? 0 : hits / all;
  }
}
