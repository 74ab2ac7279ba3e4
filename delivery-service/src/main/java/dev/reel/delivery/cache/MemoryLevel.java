package dev.reel.delivery.cache;

import dev.reel.delivery.storage.ObjectInfo;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The memory level: manifests, small hot objects, and hot blocks of large ones, as buffers, least
 * recently used out first, never more than its capacity in bodies. A viewer still sending an
 * evicted body keeps that buffer alive until it is done; the level no longer counts it.
 */
final class MemoryLevel {

  /**
   * Bytes held in memory: a whole object, or one block of it.
   *
   * @param objectKey the object's key, whatever slot the entry sits in
   */
  record Entry(String objectKey, ObjectInfo info, Buffer body) {
  }

  private final LruIndex<Entry> index = new LruIndex<>();
  private final long capacity;
  private final CacheMetrics metrics;

  MemoryLevel(long capacity, CacheMetrics metrics) {
    this.capacity = capacity;
    this.metrics = metrics;
  }

  /** The entry in {@code slot} at {@code etag}, now the most recently used; null if absent. */
  synchronized Entry get(String slot, String etag) {
    Entry entry = index.peek(slot);
    if (entry == null || !etag.equals(entry.info().etag())) {
      return null;
    }
    return index.get(slot);
  }

  /** What the level holds for {@code key}, whatever its version; null if nothing. */
  synchronized ObjectInfo peek(String key) {
    Entry entry = index.peek(key);
    return entry == null ? null : entry.info();
  }

  /**
   * Adds (or replaces) an entry in {@code slot} (the object's key for a whole object), evicting
   * the least recently used to make room.
   */
  synchronized void put(String slot, Entry entry) {
    long size = entry.body().length();
    if (size > capacity) {
      return;
    }
    index.remove(slot);
    long toFree = index.weight() + size - capacity;
    if (toFree > 0) {
      List<String> victims = index.victims(toFree, any -> true);
      victims.forEach(index::remove);
      metrics.evicted("memory", victims.size());
    }
    index.put(slot, entry, size);
  }

  synchronized void remove(String key) {
    index.remove(key);
  }

  /** Drops the entry of {@code key} if it is the version {@code etag}. */
  synchronized void remove(String key, String etag) {
    Entry entry = index.peek(key);
    if (entry != null && etag.equals(entry.info().etag())) {
      index.remove(key);
    }
  }

  /** Drops every entry (whole or block) of the objects whose keys match; returns those keys. */
  synchronized Set<String> removeIf(Predicate<String> keys) {
    Set<String> objects = new java.util.HashSet<>();
    index.removeIf((slot, entry) -> keys.test(entry.objectKey()))
        .values().forEach(entry -> objects.add(entry.objectKey()));
    return objects;
  }

  synchronized int entries() {
    return index.size();
  }

  synchronized long bytes() {
    return index.weight();
  }

  long capacity() {
    return capacity;
  }
}
