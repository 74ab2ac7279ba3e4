package dev.reel.bench.measure;

/**
 * What an issue asks of a Reel/anchor ratio: at least {@code ratio} for metrics where higher is
 * better, at most {@code ratio} where lower is better. An informational target is one that a
 * later issue will chase (the edge cache, for example): it is shown with its verdict, but it is
 * not held against the code of today.
 */
public record Target(double ratio, boolean informational, String note) {

  public static Target of(double ratio, String note) {
    return new Target(ratio, false, note);
  }

  public static Target informational(double ratio, String note) {
    return new Target(ratio, true, note);
  }

  public boolean met(Better better, double actualRatio) {
    return better == Better.HIGHER ? actualRatio >= ratio : actualRatio <= ratio;
  }

  public String describe(Better better) {
    return (better == Better.HIGHER ? "≥ " : "≤ ") + String.format("%.2f×", ratio);
  }
}
