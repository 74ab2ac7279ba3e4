package dev.reel.delivery.cache;

import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * The recent invalidations, numbered. An answer from the origin that was asked for before an
 * invalidation covering its key may describe what was just deleted or replaced, so it is not
 * kept; answers about other keys are (a busy event stream, or a consumer catching up, must not
 * stop the cache from remembering anything).
 */
final class Invalidations {

  /** How many are kept; an answer older than all of them is not kept either. */
  private static final int KEPT = 1024;

  private record Invalidation(long number, Predicate<String> keys) {
  }

  private final ArrayDeque<Invalidation> recent = new ArrayDeque<>();
  private long last;

  /** The number of the latest invalidation: note it before asking the origin. */
  synchronized long current() {
    return last;
  }

  /** Records an invalidation of the matching keys, before anything is dropped. */
  synchronized void record(Predicate<String> keys) {
    last++;
    recent.addLast(new Invalidation(last, keys));
    if (recent.size() > KEPT) {
      recent.removeFirst();
    }
  }

  /** Whether an invalidation after {@code since} may cover {@code key}. */
  synchronized boolean coveredSince(String key, long since) {
    if (since >= last) {
      return false;
    }
    if (recent.isEmpty() || recent.peekFirst().number() > since + 1) {
      return true;
    }
    for (Invalidation invalidation : recent) {
      if (invalidation.number() > since && invalidation.keys().test(key)) {
        return true;
      }
    }
    return false;
  }
}
