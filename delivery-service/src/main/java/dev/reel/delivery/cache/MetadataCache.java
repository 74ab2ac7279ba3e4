package dev.reel.delivery.cache;

import dev.reel.delivery.storage.ObjectInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the cache last learnt from the origin about each object (length, ETag, type, date), so
 * that a warm request asks the origin nothing. An entry is trusted for the manifest TTL if its
 * key {@link KeyRules#changes changes}, for the object TTL otherwise; events drop entries sooner.
 * At most {@value #MAX_ENTRIES} keys, least recently used out first.
 */
final class MetadataCache {

  static final int MAX_ENTRIES = 100_000;

  /**
   * How long an object that found no room on disk (the room taken by fills under way) is
   * streamed from the origin before a request tries to cache it again. Trusted for as long as
   * other objects are, a burst of new objects left some of them uncached for ten minutes.
   */
  static final Duration NO_ROOM_RETRY = Duration.ofSeconds(2);

  /**
   * @param checkedAt when the origin said so, in {@link System#nanoTime} terms
   * @param cacheable whether the object's bytes are cached (false: too large, or no ETag, or no
   *     room)
   * @param noRoom not cached only for want of room when it was fetched
   */
  record Known(ObjectInfo info, long checkedAt, boolean cacheable, boolean noRoom) {
  }

  private static final long NO_ROOM_RETRY_NANOS = NO_ROOM_RETRY.toNanos();

  private final long manifestTtlNanos;
  private final long objectTtlNanos;
  private final Map<String, Known> entries = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  MetadataCache(Duration manifestTtl, Duration objectTtl) {
    this.manifestTtlNanos = manifestTtl.toNanos();
    this.objectTtlNanos = objectTtl.toNanos();
  }

  /** What is known of {@code key}, if it is still to be trusted at {@code now}; else null. */
  synchronized Known fresh(String key, long now) {
    Known known = entries.get(key);
    if (known == null) {
      return null;
    }
    long ttl = KeyRules.changes(key) ? manifestTtlNanos : objectTtlNanos;
    if (known.noRoom()) {
      ttl = Math.min(ttl, NO_ROOM_RETRY_NANOS);
    }
    return now - known.checkedAt() < ttl ? known : null;
  }

  /** What is known of {@code key}, however old; null if nothing. */
  synchronized Known peek(String key) {
    return entries.get(key);
  }

  synchronized void put(String key, Known known) {
    entries.put(key, known);
  }

  synchronized void remove(String key) {
    entries.remove(key);
  }

  synchronized int removeIf(Predicate<String> keys) {
    int before = entries.size();
    entries.keySet().removeIf(keys);
    return before - entries.size();
  }
}
