package dev.reel.bench;

import dev.reel.bench.measure.ScenarioResult;
import dev.reel.bench.tools.Tool;
import java.util.List;

/**
 * One benchmark: Reel against an anchor (a well-known tool doing the same job on the same data),
 * measured in the same run so that the ratio means something on a noisy machine.
 *
 * <p>To add one: implement this interface in {@code dev.reel.bench.scenarios}, measure both sides
 * with {@link dev.reel.bench.measure.AbRunner} (interleaved rounds, warm-up discarded), turn the
 * figures into {@link dev.reel.bench.measure.Comparison} rows with the target, and list
 * the class in {@link Scenarios#ALL}. The harness starts the platform, installs the tools the
 * scenario names, records memory around it and writes the report.
 */
public interface Scenario {

  /** Short name used on the command line ({@code ./reel bench range-nginx}). */
  String id();

  /** The heading in BENCHMARKS.md. */
  String title();

  /** What is measured and against what, in a sentence or two, for the report. */
  String description();

  /** Command-line tools the scenario runs, installed with apt-get when missing. */
  default List<Tool> tools() {
    return List.of();
  }

  /**
   * Measures both sides and adds rows and notes to {@code out}. Rows added before a failure are
   * kept in the report alongside the error.
   */
  void run(BenchContext ctx, ScenarioResult.Builder out) throws Exception;
}
