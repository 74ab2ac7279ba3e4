package dev.reel.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.reel.bench.measure.Comparison;
import dev.reel.bench.measure.MemoryUse;
import dev.reel.bench.measure.ScenarioResult;
import dev.reel.bench.measure.Stats;
import dev.reel.bench.measure.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code BENCHMARKS.md} for people and {@code latest.json} for programs. A report may hold
 * scenarios an earlier run measured (see {@link Carryover}): each says which run it comes from.
 */
public final class Report {

  public static final String README_BEGIN = "<!-- bench:summary:begin -->";
  public static final String README_END = "<!-- bench:summary:end -->";
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final RunInfo run;
  private final RunStamp now;
  private final List<ReportedScenario> scenarios;

  public Report(RunInfo run, List<ReportedScenario> scenarios) {
    this.run = run;
    this.now = RunStamp.of(run);
    this.scenarios = List.copyOf(scenarios);
  }

  /** A report of this run's results alone. */
  public static Report of(RunInfo run, List<ScenarioResult> results) {
    RunStamp stamp = RunStamp.of(run);
    return new Report(run, results.stream().map(r -> new ReportedScenario(r, stamp)).toList());
  }

  /** The scenarios shown, each with the run that measured it. */
  public List<ReportedScenario> scenarios() {
    return scenarios;
  }

  /**
   * Whether the README may show this report: every one of {@code registered} is in it, all
   * measured in full runs, none failed.
   */
  public boolean completeFullReport(List<String> registered) {
    return scenarios.stream().map(s -> s.result().id()).toList().containsAll(registered)
        && scenarios.stream().allMatch(s -> s.measured().mode().equals("full")
            && s.result().error() == null);
  }

  private boolean carried(ReportedScenario scenario) {
    return !scenario.measured().equals(now);
  }

  public void writeMarkdown(Path file) throws IOException {
    Files.writeString(file, markdown());
  }

  public void writeJson(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), json());
  }

  /**
   * Replaces the block between the README markers with the summary of this report, so that the
   * README always shows the latest full figures (see {@link #completeFullReport}). Returns
   * false (and changes nothing) if the README has no markers.
   */
  public boolean updateReadme(Path readme) throws IOException {
    String text = Files.readString(readme);
    int begin = text.indexOf(README_BEGIN);
    int end = text.indexOf(README_END);
    if (begin < 0 || end < begin) {
      return false;
    }
    String block = README_BEGIN + "\n" + headline() + "\n\n" + summaryTable() + README_END;
    Files.writeString(readme, text.substring(0, begin) + block
        + text.substring(end + README_END.length()));
    return true;
  }

  // ---------------------------------------------------------------- Markdown

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("<!-- Written by ./reel bench; edits by hand are overwritten. -->\n\n");
    md.append(headline()).append("\n\n");
    md.append("- Machine: ").append(run.machine().describe()).append('\n');
    md.append(String.format("- Load average (1 min): %.2f at the start, %.2f at the end%n",
        run.machine().loadAtStart(), run.loadAtEnd()));
    md.append("- Settings: ").append(run.settings()).append('\n');
    md.append(String.format("- Wall time: %.0f s%n%n", run.wallSeconds()));
    md.append(HOW_TO_READ);
    md.append("## Summary\n\n").append(summaryTable()).append('\n');
    int n = 1;
    for (ReportedScenario scenario : scenarios) {
      ScenarioResult result = scenario.result();
      md.append("## ").append(n++).append(". ").append(result.title())
          .append(" (`").append(result.id()).append("`)\n\n");
      if (carried(scenario)) {
        md.append("_Not measured in this run: from the ").append(describe(scenario.measured()))
            .append("._\n\n");
      }
      md.append(result.description()).append("\n\n");
      if (result.error() != null) {
        md.append("**The scenario failed:** `").append(result.error().replace('`', '\''))
            .append("`\n\n");
      }
      if (!result.rows().isEmpty()) {
        md.append(detailTable(result.rows())).append('\n');
      }
      for (String note : result.notes()) {
        md.append("- ").append(note).append('\n');
      }
      if (!result.notes().isEmpty()) {
        md.append('\n');
      }
      if (!result.memory().isEmpty()) {
        md.append(memoryTable(result.memory())).append('\n');
      }
      md.append(String.format("_Scenario time: %.0f s._%n%n", result.seconds()));
    }
    return md.toString();
  }

  private static final String HOW_TO_READ = """
      ## How to read these numbers

      - Every row ran Reel and its anchor (a well-known tool doing the same job on the same \
      data) alternately in the same run: a warm-up round that is thrown away, then Reel, \
      anchor, Reel, anchor... Each figure is the median over the measured rounds, with the \
      range (min–max) in brackets.
      - **Reel/anchor** is the ratio per round (each round's two runs were seconds apart), \
      median and range. On a shared, noisy machine absolute numbers drift from run to run by \
      tens of percent; the ratio is what holds, and what to compare between runs and machines.
      - For rates (req/s, MB/s) higher is better, so a ratio above 1 means Reel is faster. For \
      latencies and memory lower is better: a p99 ratio of 2.0× means Reel's p99 is twice the \
      anchor's.
      - **pass/short** compares the median ratio with the issue's target. When the ratio's \
      range straddles the target the verdict is within noise: rerun before concluding. \
      Targets marked _informational_ are judged in another scenario (the range scenarios run \
      delivery as configured; the edge-cache scenario warms its cache first).
      - Quick runs (`--quick`) are sanity checks with short, few rounds; only full runs are \
      figures to quote.

      """;

  private String headline() {
    String line = String.format("**%s run**, %s, commit %s, on %d × %s (%.0f GiB RAM), %s.",
        run.mode().equals("quick") ? "Quick" : "Full", WHEN.format(run.started()), run.commit(),
        run.machine().cpus(), run.machine().cpuModel(), run.machine().memoryGiB(),
        javaShort());
    Map<RunStamp, List<String>> earlier = new LinkedHashMap<>();
    for (ReportedScenario scenario : scenarios) {
      if (carried(scenario)) {
        earlier.computeIfAbsent(scenario.measured(), k -> new ArrayList<>())
            .add("`" + scenario.result().id() + "`");
      }
    }
    if (earlier.isEmpty()) {
      return line;
    }
    StringBuilder out = new StringBuilder(line).append(" It measured ");
    out.append(String.join(", ", scenarios.stream().filter(s -> !carried(s))
        .map(s -> "`" + s.result().id() + "`").toList()));
    earlier.forEach((stamp, ids) -> out.append("; ").append(String.join(", ", ids))
        .append(" are from the ").append(describe(stamp)).append(" (marked †)"));
    return out.append('.').toString();
  }

  private static String describe(RunStamp stamp) {
    return String.format("%s run of %s, commit %s", stamp.mode(), WHEN.format(stamp.started()),
        stamp.commit());
  }

  private String javaShort() {
    String java = run.machine().java();
    int paren = java.indexOf(" (");
    return paren > 0 ? java.substring(0, paren) : java;
  }

  String summaryTable() {
    StringBuilder md = new StringBuilder();
    md.append("| scenario | metric | Reel | anchor | Reel/anchor | target | result |\n");
    md.append("| --- | --- | ---: | ---: | ---: | --- | --- |\n");
    for (ReportedScenario scenario : scenarios) {
      ScenarioResult result = scenario.result();
      String title = result.title() + (carried(scenario) ? " †" : "");
      if (result.error() != null && result.rows().isEmpty()) {
        md.append("| ").append(title).append(" | failed: see below | | | | | |\n");
      }
      for (Comparison row : result.rows()) {
        md.append("| ").append(title)
            .append(" | ").append(row.metric())
            .append(" | ").append(value(row.reel().median(), row.unit()))
            .append(" | ").append(row.hasAnchor()
                ? row.anchorName() + " " + value(row.anchor().median(), row.unit()) : "—")
            .append(" | ").append(row.hasAnchor() ? ratio(row.ratio().median()) : "—")
            .append(" | ").append(target(row))
            .append(" | ").append(verdict(row))
            .append(" |\n");
      }
    }
    return md.toString();
  }

  private static String detailTable(List<Comparison> rows) {
    StringBuilder md = new StringBuilder();
    md.append("| metric | Reel | anchor | Reel/anchor | target | result |\n");
    md.append("| --- | ---: | ---: | ---: | --- | --- |\n");
    for (Comparison row : rows) {
      md.append("| ").append(row.metric()).append(" (").append(row.better().label()).append(')')
          .append(" | ").append(spread(row.reel(), row.unit()))
          .append(" | ").append(row.hasAnchor()
              ? row.anchorName() + " " + spread(row.anchor(), row.unit()) : "—")
          .append(" | ").append(row.hasAnchor()
              ? ratio(row.ratio().median()) + " (" + ratio(row.ratio().min()) + "–"
                  + ratio(row.ratio().max()) + ")" : "—")
          .append(" | ").append(target(row))
          .append(" | ").append(verdict(row))
          .append(" |\n");
    }
    return md.toString();
  }

  private static String memoryTable(List<MemoryUse> memory) {
    StringBuilder md = new StringBuilder();
    md.append("| process | peak RSS during the scenario | heap after GC at its end |\n");
    md.append("| --- | ---: | ---: |\n");
    for (MemoryUse use : memory) {
      md.append("| ").append(use.process())
          .append(" | ").append(Double.isNaN(use.peakRssMiB()) ? "n/a"
              : String.format("%.0f MiB%s", use.peakRssMiB(),
                  use.peakSinceStart() ? " (since start)" : ""))
          .append(" | ").append(use.heapAfterGcMiB() == null ? "—"
              : String.format("%.0f MiB", use.heapAfterGcMiB()))
          .append(" |\n");
    }
    return md.toString();
  }

  private static String target(Comparison row) {
    Target target = row.target();
    if (target == null) {
      return "—";
    }
    return target.describe(row.better(), row.unit())
        + (target.informational() ? " (informational)" : "");
  }

  private static String verdict(Comparison row) {
    if (row.target() == null) {
      return row.verdict().label();
    }
    String label = row.verdict().label();
    return row.target().informational() ? "_" + label + "_" : "**" + label + "**";
  }

  private static String spread(Stats stats, String unit) {
    return value(stats.median(), unit) + " (" + number(stats.min()) + "–" + number(stats.max())
        + ")";
  }

  static String value(double v, String unit) {
    return number(v) + " " + unit;
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double abs = Math.abs(v);
    if (abs >= 100) {
      return String.format("%,.0f", v);
    }
    if (abs >= 10) {
      return String.format("%.1f", v);
    }
    return String.format("%.2f", v);
  }

  static String ratio(double r) {
    return Double.isNaN(r) ? "n/a" : String.format("%.2f×", r);
  }

  // ---------------------------------------------------------------- JSON

  Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("mode", run.mode());
    root.put("started", run.started().toString());
    root.put("wallSeconds", round(run.wallSeconds()));
    root.put("commit", run.commit());
    root.put("settings", run.settings());
    Machine m = run.machine();
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpus", m.cpus());
    machine.put("cpuModel", m.cpuModel());
    machine.put("memoryGiB", round(m.memoryGiB()));
    machine.put("java", m.java());
    machine.put("os", m.os());
    machine.put("loadAtStart", round(m.loadAtStart()));
    machine.put("loadAtEnd", round(run.loadAtEnd()));
    root.put("machine", machine);
    List<Object> list = new ArrayList<>();
    for (ReportedScenario scenario : scenarios) {
      ScenarioResult result = scenario.result();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("id", result.id());
      Map<String, Object> measured = new LinkedHashMap<>();
      measured.put("mode", scenario.measured().mode());
      measured.put("started", scenario.measured().started().toString());
      measured.put("commit", scenario.measured().commit());
      s.put("measured", measured);
      s.put("title", result.title());
      s.put("description", result.description());
      s.put("seconds", round(result.seconds()));
      s.put("error", result.error());
      List<Object> rows = new ArrayList<>();
      for (Comparison row : result.rows()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("metric", row.metric());
        r.put("unit", row.unit());
        r.put("better", row.better().name().toLowerCase());
        r.put("reel", stats(row.reel()));
        if (row.hasAnchor()) {
          Map<String, Object> anchor = new LinkedHashMap<>();
          anchor.put("name", row.anchorName());
          anchor.putAll(stats(row.anchor()));
          r.put("anchor", anchor);
          r.put("ratio", stats(row.ratio()));
        } else {
          r.put("anchor", null);
          r.put("ratio", null);
        }
        if (row.target() != null) {
          Map<String, Object> target = new LinkedHashMap<>();
          if (row.target().limit()) {
            target.put("limit", row.target().value());
            target.put("unit", row.unit());
          } else {
            target.put("ratio", row.target().value());
          }
          target.put("comparison", row.better() == dev.reel.bench.measure.Better.HIGHER
              ? ">=" : "<=");
          target.put("informational", row.target().informational());
          target.put("note", row.target().note());
          r.put("target", target);
        } else {
          r.put("target", null);
        }
        r.put("result", row.target() == null ? null
            : row.verdict().label() + (row.target().informational() ? " (informational)" : ""));
        rows.add(r);
      }
      s.put("rows", rows);
      Map<String, Object> figures = new LinkedHashMap<>();
      result.figures().forEach((k, v) -> figures.put(k, round(v)));
      s.put("figures", figures);
      s.put("notes", result.notes());
      List<Object> memory = new ArrayList<>();
      for (MemoryUse use : result.memory()) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("process", use.process());
        u.put("peakRssMiB", round(use.peakRssMiB()));
        u.put("peakSinceProcessStart", use.peakSinceStart());
        u.put("heapAfterGcMiB", use.heapAfterGcMiB() == null ? null
            : round(use.heapAfterGcMiB()));
        memory.add(u);
      }
      s.put("memory", memory);
      list.add(s);
    }
    root.put("scenarios", list);
    return root;
  }

  private static Map<String, Object> stats(Stats stats) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("median", round(stats.median()));
    s.put("min", round(stats.min()));
    s.put("max", round(stats.max()));
    s.put("samples", stats.samples().stream().map(Report::round).toList());
    return s;
  }

  /** Three decimals are plenty, and NaN (not valid JSON) becomes null. */
  private static Double round(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return null;
    }
    return Math.round(v * 1000) / 1000.0;
  }
}
