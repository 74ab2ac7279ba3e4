package dev.reel.bench.measure;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of a scenario: a metric measured on Reel and on its anchor in the same rounds.
 *
 * <p>The ratio is Reel/anchor computed per round and then summarised, not the ratio of the two
 * medians: both sides of one round ran seconds apart on the same machine state, so a paired
 * ratio cancels most of the drift that a shared machine adds between rounds.
 *
 * @param anchorName null (with anchor and ratio null) for a Reel-only figure
 */
public record Comparison(
    String metric,
    String unit,
    Better better,
    Stats reel,
    String anchorName,
    Stats anchor,
    Stats ratio,
    Target target,
    Verdict verdict) {

  public static Comparison of(String metric, String unit, Better better, List<Double> reel,
      String anchorName, List<Double> anchor, Target target) {
    if (reel.size() != anchor.size()) {
      throw new IllegalArgumentException(metric + ": " + reel.size() + " Reel rounds but "
          + anchor.size() + " anchor rounds");
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < reel.size(); i++) {
      ratios.add(anchor.get(i) == 0 ? Double.NaN : reel.get(i) / anchor.get(i));
    }
    Stats ratio = Stats.of(ratios);
    Verdict verdict = target == null ? Verdict.NONE
        : target.met(better, ratio.median()) ? Verdict.PASS : Verdict.SHORT;
    return new Comparison(metric, unit, better, Stats.of(reel), anchorName, Stats.of(anchor),
        ratio, target, verdict);
  }

  /** A figure with no anchor to compare against (event latency, for example). */
  public static Comparison reelOnly(String metric, String unit, Better better,
      List<Double> reel) {
    return new Comparison(metric, unit, better, Stats.of(reel), null, null, null, null,
        Verdict.NONE);
  }

  /** A figure with no anchor, held to a {@link Target#limit} on its median. */
  public static Comparison reelOnly(String metric, String unit, Better better,
      List<Double> reel, Target limit) {
    if (!limit.limit()) {
      throw new IllegalArgumentException(metric + ": a row without an anchor needs a limit, "
          + "not a ratio");
    }
    Stats stats = Stats.of(reel);
    Verdict verdict = limit.met(better, stats.median()) ? Verdict.PASS : Verdict.SHORT;
    return new Comparison(metric, unit, better, stats, null, null, null, limit, verdict);
  }

  public boolean hasAnchor() {
    return anchor != null;
  }
}
