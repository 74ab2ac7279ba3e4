package dev.reel.bench.measure;

/** Which way a metric improves; it decides how a ratio is read against its target. */
public enum Better {
  HIGHER("higher is better"),
  LOWER("lower is better");

  private final String label;

  Better(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
