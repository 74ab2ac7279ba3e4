package dev.reel.bench.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Reel (A) and its anchor (B) alternately: one warm-up round whose figures are thrown away
 * (JIT compilation, connection pools, page cache), then A, B, A, B... for the measured rounds.
 * Whatever the machine is doing meanwhile hits both sides about equally, which is what makes the
 * ratio trustworthy when the absolute numbers are not.
 */
public final class AbRunner {

  private static final Logger LOG = LoggerFactory.getLogger(AbRunner.class);

  /** One timed run of one side; returns named figures (requests/s, p99 ms, ...). */
  @FunctionalInterface
  public interface Trial {
    Map<String, Double> run(boolean warmup) throws Exception;
  }

  /** The measured rounds of each side, warm-up excluded, in round order. */
  public record Rounds(List<Map<String, Double>> reel, List<Map<String, Double>> anchor) {

    public List<Double> reel(String figure) {
      return column(reel, figure);
    }

    public List<Double> anchor(String figure) {
      return column(anchor, figure);
    }

    /** Whether every one of Reel's rounds has {@code figure}. */
    public boolean everyReel(String figure) {
      return reel.stream().allMatch(round -> round.containsKey(figure));
    }

    public double totalReel(String figure) {
      return reel(figure).stream().mapToDouble(Double::doubleValue).sum();
    }

    public double totalAnchor(String figure) {
      return anchor(figure).stream().mapToDouble(Double::doubleValue).sum();
    }

    private static List<Double> column(List<Map<String, Double>> rounds, String figure) {
      List<Double> values = new ArrayList<>();
      for (Map<String, Double> round : rounds) {
        Double value = round.get(figure);
        if (value == null) {
          throw new IllegalArgumentException("no figure '" + figure + "' in " + round.keySet());
        }
        values.add(value);
      }
      return values;
    }
  }

  private AbRunner() {
  }

  public static Rounds run(String label, int rounds, String anchorName, Trial reel, Trial anchor)
      throws Exception {
    LOG.info("{}: warm-up round (discarded)", label);
    reel.run(true);
    anchor.run(true);
    List<Map<String, Double>> reelRounds = new ArrayList<>();
    List<Map<String, Double>> anchorRounds = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      Map<String, Double> a = reel.run(false);
      LOG.info("{}: round {}/{} Reel    {}", label, round, rounds, brief(a));
      reelRounds.add(a);
      Map<String, Double> b = anchor.run(false);
      LOG.info("{}: round {}/{} {} {}", label, round, rounds, anchorName, brief(b));
      anchorRounds.add(b);
    }
    return new Rounds(reelRounds, anchorRounds);
  }

  private static String brief(Map<String, Double> figures) {
    StringBuilder out = new StringBuilder();
    figures.forEach((key, value) -> out.append(key).append('=')
        .append(value == Math.rint(value) ? String.format("%.0f", value)
            : String.format("%.2f", value)).append(' '));
    return out.toString().trim();
  }
}
