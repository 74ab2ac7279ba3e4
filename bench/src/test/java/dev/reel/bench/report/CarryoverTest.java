package dev.reel.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.bench.measure.Better;
import dev.reel.bench.measure.Comparison;
import dev.reel.bench.measure.MemoryUse;
import dev.reel.bench.measure.ScenarioResult;
import dev.reel.bench.measure.Target;
import dev.reel.bench.measure.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarryoverTest {

  private static final List<String> ORDER = List.of("range", "upload", "events");
  private static final Machine MACHINE = new Machine(2, "Test CPU", 8, "OpenJDK 17 (Test)",
      "Linux", 0.5);
  private static final RunInfo EARLIER = run("full", "2026-01-01T10:00:00Z", "aaa1111");
  private static final RunInfo NOW = run("full", "2026-01-02T10:00:00Z", "bbb2222");

  @Test
  @DisplayName("a run of some scenarios keeps the others from the previous report, in order")
  void keepsWhatThisRunDidNotMeasure() {
    List<ReportedScenario> previous = Report.of(EARLIER,
        List.of(result("range", 0.3), result("upload", 1.0), result("events", 1.0))).scenarios();

    List<ReportedScenario> merged = Carryover.merge(ORDER, List.of(result("upload", 0.95)),
        RunStamp.of(NOW), previous);

    assertEquals(ORDER, merged.stream().map(s -> s.result().id()).toList());
    assertEquals(RunStamp.of(EARLIER), merged.get(0).measured());
    assertEquals(RunStamp.of(NOW), merged.get(1).measured());
    assertEquals(0.95, merged.get(1).result().rows().get(0).ratio().median(), 1e-9);
  }

  @Test
  @DisplayName("figures of another mode are not carried over: quick and full never mix")
  void modesDoNotMix() {
    List<ReportedScenario> previous = Report.of(run("quick", "2026-01-01T10:00:00Z", "aaa"),
        List.of(result("range", 0.3))).scenarios();

    List<ReportedScenario> merged = Carryover.merge(ORDER, List.of(result("upload", 0.95)),
        RunStamp.of(NOW), previous);

    assertEquals(List.of("upload"), merged.stream().map(s -> s.result().id()).toList());
  }

  @Test
  @DisplayName("latest.json reads back with every row, verdict, limit, note and memory figure, "
      + "and the run that measured each scenario")
  void roundTripsThroughJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("latest.json");
    Report.of(EARLIER, List.of(result("range", 0.3), result("upload", 1.0))).writeJson(json);

    List<ReportedScenario> read = PreviousReport.read(json);

    assertEquals(2, read.size());
    ReportedScenario upload = read.get(1);
    assertEquals(RunStamp.of(EARLIER), upload.measured());
    Comparison throughput = upload.result().rows().get(0);
    assertEquals(Verdict.PASS, throughput.verdict());
    assertEquals(List.of(90.0, 110.0), throughput.reel().samples());
    Comparison heap = upload.result().rows().get(1);
    assertEquals(Verdict.PASS, heap.verdict());
    assertTrue(heap.target().limit());
    assertEquals(List.of("a note"), upload.result().notes());
    assertEquals(180.0, upload.result().memory().get(0).peakRssMiB());
    assertEquals(Verdict.SHORT, read.get(0).result().rows().get(0).verdict());
  }

  @Test
  @DisplayName("the report names the run each carried-over scenario comes from, and the README "
      + "takes it only when every scenario comes from a full run")
  void carriedOverScenariosSayWhereTheyComeFrom() {
    List<ReportedScenario> merged = Carryover.merge(ORDER,
        List.of(result("upload", 0.95), result("events", 1.0)), RunStamp.of(NOW),
        Report.of(EARLIER, List.of(result("range", 0.3))).scenarios());
    Report report = new Report(NOW, merged);

    String md = report.markdown();

    assertTrue(md.contains("`range` are from the full run of 2026-01-01 10:00 UTC, commit "
        + "aaa1111 (marked †)"), md);
    assertTrue(md.contains("| range † | throughput |"), md);
    assertTrue(md.contains("_Not measured in this run: from the full run of 2026-01-01 10:00 "
        + "UTC, commit aaa1111._"), md);
    assertFalse(md.contains("| upload † |"), md);
    assertTrue(report.completeFullReport(ORDER));
    RunInfo quick = run("quick", "2026-01-02T10:00:00Z", "b");
    assertFalse(Report.of(quick, List.of(result("range", 1.0), result("upload", 1.0),
        result("events", 1.0))).completeFullReport(ORDER));
    assertFalse(Report.of(NOW, List.of(result("upload", 1.0))).completeFullReport(ORDER));
  }

  private static ScenarioResult result(String id, double ratio) {
    return new ScenarioResult(id, id, "what " + id + " measures",
        List.of(Comparison.of("throughput", "MB/s", Better.HIGHER, List.of(90.0 * ratio,
                110.0 * ratio), "anchor", List.of(90.0, 110.0), Target.of(0.9, "issue")),
            Comparison.reelOnly("heap growth", "MiB", Better.LOWER, List.of(12.5),
                Target.limit(64, "issue"))),
        List.of("a note"), List.of(new MemoryUse("ingest", 7, 180.0, 15.0, false)),
        Map.of("file_bytes", 1024.0), 42, null);
  }

  private static RunInfo run(String mode, String started, String commit) {
    return new RunInfo(mode, Instant.parse(started), 100, commit, "settings", MACHINE, 0.5);
  }
}
