package dev.reel.bench.measure;

/** The outcome of a row against its target. */
public enum Verdict {
  PASS("pass"),
  SHORT("short"),
  /** The row has no target: a figure to report, not to meet. */
  NONE("—");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
