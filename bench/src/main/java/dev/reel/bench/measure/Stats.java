package dev.reel.bench.measure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One side's figures over the measured rounds: the median and the spread (min and max). With
 * five rounds on a shared machine, min–max says more than a standard deviation would.
 */
public record Stats(double median, double min, double max, List<Double> samples) {

  public Stats {
    samples = List.copyOf(samples);
  }

  public static Stats of(List<Double> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return new Stats(median(sorted), sorted.get(0), sorted.get(sorted.size() - 1), samples);
  }

  /** Spread relative to the median, e.g. 0.08 for ±4 %: how far one round may be off. */
  public double relativeSpread() {
    return median == 0 ? 0 : (max - min) / Math.abs(median);
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * Nearest-rank percentile (p in 0..100) of raw observations, such as the latencies of single
   * uploads: no interpolation, so p99 is always a latency that really happened.
   */
  public static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
