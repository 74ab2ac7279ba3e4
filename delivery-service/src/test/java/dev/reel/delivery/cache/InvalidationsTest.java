package dev.reel.delivery.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InvalidationsTest {

  @Test
  @DisplayName("an answer is covered only by a later invalidation that matches its key")
  void matchingAndLater() {
    Invalidations invalidations = new Invalidations();
    invalidations.record(key -> key.startsWith("a/"));
    long asked = invalidations.current();

    invalidations.record(key -> key.startsWith("b/"));

    assertFalse(invalidations.coveredSince("a/1", asked), "the a/ one came before");
    assertTrue(invalidations.coveredSince("b/1", asked));
    assertFalse(invalidations.coveredSince("c/1", asked));
  }

  @Test
  @DisplayName("an answer older than every invalidation kept counts as covered")
  void tooOld() {
    Invalidations invalidations = new Invalidations();
    long asked = invalidations.current();

    for (int i = 0; i < 2000; i++) {
      invalidations.record(key -> false);
    }

    assertTrue(invalidations.coveredSince("anything", asked));
    assertFalse(invalidations.coveredSince("anything", invalidations.current()));
  }
}
