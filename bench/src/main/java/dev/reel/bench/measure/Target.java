package dev.reel.bench.measure;

/**
 * What an issue asks of a row. Usually of its Reel/anchor ratio: at least {@code value} for
 * metrics where higher is better, at most {@code value} where lower is better. A {@code limit}
 * is instead a bound on Reel's own figure, in the row's unit, for rows without an anchor (heap
 * growth under 64 MiB, say). An informational target is one that a later issue will chase (the
 * edge cache, for example): it is shown with its verdict, but it is not held against the code of
 * today.
 */
public record Target(double value, boolean limit, boolean informational, String note) {

  public static Target of(double ratio, String note) {
    return new Target(ratio, false, false, note);
  }

  public static Target informational(double ratio, String note) {
    return new Target(ratio, false, true, note);
  }

  /** A bound on Reel's own figure, in the unit of its row. */
  public static Target limit(double value, String note) {
    return new Target(value, true, false, note);
  }

  public boolean met(Better better, double actual) {
    return better == Better.HIGHER ? actual >= value : actual <= value;
  }

  public String describe(Better better, String unit) {
    String bound = better == Better.HIGHER ? "≥ " : "≤ ";
    return limit ? bound + String.format("%.0f %s", value, unit)
        : bound + String.format("%.2f×", value);
  }
}
