package dev.reel.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsAndComparisonTest {

  @Test
  void medianAndSpread() {
    Stats odd = Stats.of(List.of(5.0, 1.0, 3.0));
    assertEquals(3.0, odd.median());
    assertEquals(1.0, odd.min());
    assertEquals(5.0, odd.max());
    assertEquals(2.5, Stats.of(List.of(4.0, 1.0, 2.0, 3.0)).median());
    assertEquals(List.of(5.0, 1.0, 3.0), odd.samples(), "samples keep round order");
  }

  @Test
  void nearestRankPercentile() {
    List<Double> values = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
    assertEquals(5.0, Stats.percentile(values, 50));
    assertEquals(10.0, Stats.percentile(values, 99));
    assertEquals(1.0, Stats.percentile(values, 0));
  }

  @Test
  void ratioIsPairedPerRound() {
    // Round 2 ran while the machine was busy: both sides slowed, the ratio did not.
    Comparison row = Comparison.of("rps", "req/s", Better.HIGHER,
        List.of(90.0, 45.0, 92.0), "anchor", List.of(100.0, 50.0, 100.0),
        Target.of(0.85, "issue"));
    assertEquals(0.9, row.ratio().median(), 1e-9);
    assertEquals(0.9, row.ratio().min(), 1e-9);
    assertEquals(0.92, row.ratio().max(), 1e-9);
    assertEquals(Verdict.PASS, row.verdict());
  }

  @Test
  void targetsFollowTheDirectionOfTheMetric() {
    Comparison slow = Comparison.of("rps", "req/s", Better.HIGHER, List.of(70.0),
        "anchor", List.of(100.0), Target.of(0.9, "issue"));
    assertEquals(Verdict.SHORT, slow.verdict());
    Comparison latency = Comparison.of("p99", "ms", Better.LOWER, List.of(12.0),
        "anchor", List.of(10.0), Target.of(1.5, "issue"));
    assertEquals(Verdict.PASS, latency.verdict());
    Comparison none = Comparison.of("p99", "ms", Better.LOWER, List.of(12.0),
        "anchor", List.of(10.0), null);
    assertEquals(Verdict.NONE, none.verdict());
  }

  @Test
  void reelOnlyRowsHaveNoAnchor() {
    Comparison row = Comparison.reelOnly("latency", "ms", Better.LOWER, List.of(3.0, 4.0));
    assertNull(row.anchor());
    assertNull(row.ratio());
    assertEquals(Verdict.NONE, row.verdict());
  }

  @Test
  void reelOnlyRowsMeetALimitOnTheirMedian() {
    Comparison heap = Comparison.reelOnly("heap growth", "MiB", Better.LOWER,
        List.of(20.0, 70.0, 30.0), Target.limit(64, "issue"));
    assertEquals(Verdict.PASS, heap.verdict());
    assertEquals("≤ 64 MiB", heap.target().describe(heap.better(), heap.unit()));
    Comparison over = Comparison.reelOnly("heap growth", "MiB", Better.LOWER,
        List.of(65.0), Target.limit(64, "issue"));
    assertEquals(Verdict.SHORT, over.verdict());
    assertThrows(IllegalArgumentException.class, () -> Comparison.reelOnly("heap", "MiB",
        Better.LOWER, List.of(1.0), Target.of(0.9, "a ratio needs an anchor")));
  }

  @Test
  void roundsMustPair() {
    assertThrows(IllegalArgumentException.class, () -> Comparison.of("rps", "req/s",
        Better.HIGHER, List.of(1.0, 2.0), "anchor", List.of(1.0), null));
  }
}
