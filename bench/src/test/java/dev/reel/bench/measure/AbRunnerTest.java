package dev.reel.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AbRunnerTest {

  @Test
  void warmUpIsDiscardedAndSidesAlternate() throws Exception {
    List<String> order = new ArrayList<>();
    int[] calls = {0};
    AbRunner.Rounds rounds = AbRunner.run("test", 3, "anchor",
        warmup -> {
          order.add(warmup ? "a-warm" : "a");
          return Map.of("x", (double) ++calls[0]);
        },
        warmup -> {
          order.add(warmup ? "b-warm" : "b");
          return Map.of("x", (double) ++calls[0]);
        });
    assertEquals(List.of("a-warm", "b-warm", "a", "b", "a", "b", "a", "b"), order);
    assertEquals(List.of(3.0, 5.0, 7.0), rounds.reel("x"));
    assertEquals(List.of(4.0, 6.0, 8.0), rounds.anchor("x"));
  }

  @Test
  void everyReelAsksEveryRound() throws Exception {
    int[] round = {0};
    AbRunner.Rounds rounds = AbRunner.run("test", 2, "anchor",
        warmup -> ++round[0] == 2 ? Map.of("x", 1.0) : Map.of("x", 1.0, "y", 2.0),
        warmup -> Map.of("x", 1.0));
    assertTrue(rounds.everyReel("x"));
    // The first measured round (the second call) lacks y: it is not in every round.
    assertFalse(rounds.everyReel("y"));
    assertFalse(rounds.everyReel("z"));
  }
}
