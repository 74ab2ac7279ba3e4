package dev.reel.bench.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.bench.measure.Better;
import dev.reel.bench.measure.Comparison;
import dev.reel.bench.measure.MemoryUse;
import dev.reel.bench.measure.ScenarioResult;
import dev.reel.bench.measure.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  private static final RunInfo RUN = new RunInfo("full", Instant.parse("2026-01-02T03:04:05Z"),
      600, "abc1234", "5 rounds",
      new Machine(2, "Test CPU", 8, "OpenJDK 17 (Test)", "Linux", 0.5), 0.7);

  private final Report report = Report.of(RUN,
      List.of(new ScenarioResult("range-nginx", "Range GET vs nginx", "what it measures",
          List.of(Comparison.of("1 MiB ranges: requests/s", "req/s", Better.HIGHER,
                  List.of(800.0, 900.0), "nginx", List.of(1000.0, 1000.0),
                  Target.informational(0.8, "edge cache")),
              Comparison.reelOnly("latency p99", "ms", Better.LOWER, List.of(Double.NaN, 2.0))),
          List.of("a note"),
          List.of(new MemoryUse("delivery", 42, 180.4, 20.2, false)),
          Map.of("errors", 0.0), 120, null)));

  @Test
  void markdownHasTheMachineSummaryAndDetails() {
    String md = report.markdown();
    assertTrue(md.contains("2 × Test CPU"), md);
    assertTrue(md.contains("| Range GET vs nginx | 1 MiB ranges: requests/s | 850 req/s | "
        + "nginx 1,000 req/s | 0.85× | ≥ 0.80× (informational) | _pass_ |"), md);
    assertTrue(md.contains("| delivery | 180 MiB | 20 MiB |"), md);
    assertTrue(md.contains("- a note"), md);
  }

  @Test
  void jsonIsValidEvenWithMissingFigures(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("results/latest.json");
    report.writeJson(file);
    String json = Files.readString(file);
    assertFalse(json.contains("NaN"), json);
    var tree = new ObjectMapper().readTree(json);
    var row = tree.path("scenarios").path(0).path("rows").path(0);
    assertTrue(row.path("ratio").path("median").asDouble() > 0.84);
    assertTrue(row.path("target").path("informational").asBoolean());
  }

  @Test
  void readmeBlockIsReplacedBetweenMarkers(@TempDir Path dir) throws Exception {
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, "intro\n" + Report.README_BEGIN + "\nold\n" + Report.README_END
        + "\nafter\n");
    assertTrue(report.updateReadme(readme));
    String text = Files.readString(readme);
    assertFalse(text.contains("old"));
    assertTrue(text.startsWith("intro\n"));
    assertTrue(text.endsWith("\nafter\n"));
    assertTrue(text.contains("0.85×"));
  }
}
