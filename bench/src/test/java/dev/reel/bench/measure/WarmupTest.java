package dev.reel.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupTest {

  @Test
  void stopsOnceARunBringsNoNewHigh() throws Exception {
    Iterator<Double> runs = List.of(30.0, 60.0, 140.0, 150.0, 200.0).iterator();
    assertEquals(List.of(30.0, 60.0, 140.0, 150.0),
        Warmup.untilStable("test", 2, 8, runs::next));
  }

  @Test
  void twoLowRunsAtTheStartDoNotCountAsWarm() throws Exception {
    Iterator<Double> runs = List.of(25.0, 23.0, 60.0, 120.0, 118.0, 300.0).iterator();
    assertEquals(List.of(25.0, 23.0, 60.0, 120.0, 118.0),
        Warmup.untilStable("test", 4, 8, runs::next));
  }

  @Test
  void aJitStillCompilingIsNotWarm() throws Exception {
    Iterator<Double> runs = List.of(100.0, 100.0, 100.0, 100.0).iterator();
    Iterator<Long> compiled = List.of(1000L, 1400L, 1700L, 1710L, 1715L).iterator();
    Warmup.Result result = Warmup.untilStable("test", 2, 8, runs::next, compiled::next);
    assertEquals(List.of(400L, 300L, 10L), result.compiles());
    assertEquals(true, result.settled());
  }

  @Test
  void nothingCompletedIsNotWarm() {
    assertEquals(false, Warmup.stable(List.of(0.0, 0.0)));
  }

  @Test
  void givesUpAfterTheCap() throws Exception {
    Iterator<Double> runs = List.of(10.0, 20.0, 40.0, 80.0).iterator();
    assertEquals(3, Warmup.untilStable("test", 2, 3, runs::next).size());
  }
}
