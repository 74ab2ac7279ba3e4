package dev.reel.cli;

import java.io.PrintStream;

/** One line of progress on the terminal, redrawn in place. */
final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final long total;
  private final long started;
  private final long startOffset;
  private int lastPercent = -1;

  ProgressBar(PrintStream out, long total, long startOffset) {
    this.out = out;
    this.total = Math.max(total, 1);
    this.startOffset = startOffset;
    this.started = System.nanoTime();
    if (startOffset > 0) {
      out.printf("resuming at %s of %s%n", size(startOffset), size(total));
    }
    update(startOffset);
  }

  void update(long offset) {
    int percent = (int) (offset * 100 / total);
    if (percent == lastPercent && offset < total) {
      return;
    }
    lastPercent = percent;
    int filled = percent * WIDTH / 100;
    double seconds = Math.max((System.nanoTime() - started) / 1e9, 0.001);
    double rate = (offset - startOffset) / seconds;
    out.printf("\r[%s%s] %3d%%  %s / %s  %s/s ", "#".repeat(filled), " ".repeat(WIDTH - filled),
        percent, size(offset), size(total), size((long) rate));
    out.flush();
  }

  void done() {
    if (lastPercent < 100) {
      update(total);
    }
    out.println();
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format("%.1f %s", value, units[unit]);
  }
}
