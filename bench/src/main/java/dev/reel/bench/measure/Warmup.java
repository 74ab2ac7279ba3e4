package dev.reel.bench.measure;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load until a JVM server stops getting faster. A freshly started service runs interpreted and
 * then C1-compiled code for a while, and on two busy cores C2 takes its time: measured cold,
 * the first scenario would report the JIT, not the code (delivery kept speeding up for minutes
 * here, two to four times over). A fixed warm-up is either too short on a busy machine or wasted
 * on a warm one, so this repeats short runs until one brings no new high in throughput and the
 * JIT compiled next to nothing during it. Throughput alone is not enough: on a busy machine a
 * cold service's figures wobble at a low level for a while before they start to climb.
 */
public final class Warmup {

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  /** A run less than this fraction above the best before it is no longer "getting faster". */
  static final double TOLERANCE = 0.10;
  /** Compilations in one run below which the JIT counts as settled (or this share of all). */
  static final long SETTLED_COMPILES = 30;
  static final double SETTLED_SHARE = 0.01;

  /** One warm-up run; returns its throughput (any unit, higher is better). */
  @FunctionalInterface
  public interface Run {
    double throughput() throws Exception;
  }

  /** Methods compiled so far by the JVMs under load, or -1 when unknown. */
  @FunctionalInterface
  public interface CompileCount {
    long get();
  }

  /** What the warm-up saw, for the report. */
  public record Result(List<Double> throughputs, List<Long> compiles, boolean settled) {
  }

  private Warmup() {
  }

  /**
   * Runs at least {@code minRuns} and at most {@code maxRuns} times, until a run brings no new
   * high and, where {@code compiles} knows, the JIT compiled (almost) nothing during it.
   */
  public static Result untilStable(String label, int minRuns, int maxRuns, Run run,
      CompileCount compiles) throws Exception {
    List<Double> seen = new ArrayList<>();
    List<Long> compiled = new ArrayList<>();
    long before = compiles.get();
    boolean settled = false;
    for (int i = 0; i < maxRuns && !settled; i++) {
      seen.add(run.throughput());
      long now = compiles.get();
      compiled.add(before < 0 || now < 0 ? -1 : now - before);
      settled = seen.size() >= minRuns && stable(seen)
          && jitSettled(before, now);
      before = now;
    }
    LOG.info("{}: {} after {} runs: throughput {}, methods compiled per run {}", label,
        settled ? "warm" : "still warming (cap reached)", seen.size(),
        seen.stream().map(v -> String.format("%.0f", v)).toList(), compiled);
    return new Result(seen, compiled, settled);
  }

  /** Without a compile count: throughput alone. */
  public static List<Double> untilStable(String label, int minRuns, int maxRuns, Run run)
      throws Exception {
    return untilStable(label, minRuns, maxRuns, run, () -> -1).throughputs();
  }

  static boolean jitSettled(long before, long now) {
    if (before < 0 || now < 0) {
      return true;
    }
    long delta = now - before;
    return delta <= Math.max(SETTLED_COMPILES, (long) (SETTLED_SHARE * now));
  }

  static boolean stable(List<Double> seen) {
    int n = seen.size();
    if (n < 2) {
      return false;
    }
    double best = seen.subList(0, n - 1).stream().mapToDouble(Double::doubleValue).max()
        .orElse(0);
    return best > 0 && seen.get(n - 1) <= best * (1 + TOLERANCE);
  }
}
