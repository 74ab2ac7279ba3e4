package dev.reel.delivery.cache;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Entries by key, each with a weight (its bytes), in least-recently-used order. It keeps no
 * bound itself: a level asks it for {@link #victims} before it adds, so that it can decide what
 * happens to what leaves (a file to delete, a counter to bump). Not thread-safe: its level
 * guards it.
 */
final class LruIndex<V> {

  private record Slot<V>(V value, long weight) {
  }

  /** In insertion order; {@link #get} moves an entry to the end, so the eldest is first. */
  private final LinkedHashMap<String, Slot<V>> slots = new LinkedHashMap<>();
  private long weight;

  /** The entry, now the most recently used; null if absent. */
  V get(String key) {
    Slot<V> slot = slots.remove(key);
    if (slot == null) {
      return null;
    }
    slots.put(key, slot);
    return slot.value();
  }

  /** The entry, leaving the order alone; null if absent. */
  V peek(String key) {
    Slot<V> slot = slots.get(key);
    return slot == null ? null : slot.value();
  }

  /** Adds or replaces an entry as the most recently used; returns the one it replaced. */
  V put(String key, V value, long entryWeight) {
    V replaced = remove(key);
    slots.put(key, new Slot<>(value, entryWeight));
    weight += entryWeight;
    return replaced;
  }

  V remove(String key) {
    Slot<V> slot = slots.remove(key);
    if (slot == null) {
      return null;
    }
    weight -= slot.weight();
    return slot.value();
  }

  /**
   * The keys to remove, eldest first, to free at least {@code toFree} weight, taking only
   * entries that {@code evictable} allows; null if even all of those would not free enough.
   * Removes nothing.
   */
  List<String> victims(long toFree, Predicate<V> evictable) {
    long left = toFree;
    List<String> victims = new ArrayList<>();
    for (Iterator<Map.Entry<String, Slot<V>>> it = slots.entrySet().iterator();
        left > 0 && it.hasNext(); ) {
      Map.Entry<String, Slot<V>> entry = it.next();
      if (evictable.test(entry.getValue().value())) {
        victims.add(entry.getKey());
        left -= entry.getValue().weight();
      }
    }
    return left > 0 ? null : victims;
  }

  /** Removes every entry that {@code matches}, and returns them by key. */
  Map<String, V> removeIf(BiPredicate<String, V> matches) {
    Map<String, V> removed = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, Slot<V>>> it = slots.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Slot<V>> entry = it.next();
      if (matches.test(entry.getKey(), entry.getValue().value())) {
        it.remove();
        weight -= entry.getValue().weight();
        removed.put(entry.getKey(), entry.getValue().value());
      }
    }
    return removed;
  }

  /** Every entry, eldest first. */
  List<V> values() {
    return slots.values().stream().map(Slot::value).toList();
  }

  long weight() {
    return weight;
  }

  int size() {
    return slots.size();
  }
}
