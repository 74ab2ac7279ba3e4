package dev.reel.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.bench.measure.Better;
import dev.reel.bench.measure.Comparison;
import dev.reel.bench.measure.MemoryUse;
import dev.reel.bench.measure.ScenarioResult;
import dev.reel.bench.measure.Stats;
import dev.reel.bench.measure.Target;
import dev.reel.bench.measure.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the scenarios back from a {@code latest.json} that {@link Report} wrote, each with the
 * run that measured it, so that a run of some scenarios can keep the others' figures.
 */
public final class PreviousReport {

  private static final Logger LOG = LoggerFactory.getLogger(PreviousReport.class);

  private PreviousReport() {
  }

  /** The scenarios of the report in {@code json}; none if there is no readable one. */
  public static List<ReportedScenario> read(Path json) {
    if (!Files.isRegularFile(json)) {
      return List.of();
    }
    try {
      JsonNode root = new ObjectMapper().readTree(json.toFile());
      RunStamp run = stamp(root);
      List<ReportedScenario> scenarios = new ArrayList<>();
      for (JsonNode s : root.path("scenarios")) {
        RunStamp measured = s.has("measured") ? stamp(s.get("measured")) : run;
        scenarios.add(new ReportedScenario(scenario(s), measured));
      }
      return scenarios;
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read the previous report {} ({}): it is replaced by this run's "
          + "scenarios alone", json, e.toString());
      return List.of();
    }
  }

  private static RunStamp stamp(JsonNode node) {
    return new RunStamp(node.path("mode").asText(), Instant.parse(node.path("started").asText()),
        node.path("commit").asText());
  }

  private static ScenarioResult scenario(JsonNode s) {
    List<Comparison> rows = new ArrayList<>();
    s.path("rows").forEach(r -> rows.add(row(r)));
    List<String> notes = new ArrayList<>();
    s.path("notes").forEach(n -> notes.add(n.asText()));
    List<MemoryUse> memory = new ArrayList<>();
    s.path("memory").forEach(m -> memory.add(new MemoryUse(m.path("process").asText(), 0,
        number(m.get("peakRssMiB")), m.path("heapAfterGcMiB").isNumber()
            ? m.get("heapAfterGcMiB").asDouble() : null,
        m.path("peakSinceProcessStart").asBoolean())));
    Map<String, Double> figures = new LinkedHashMap<>();
    s.path("figures").fields().forEachRemaining(f -> figures.put(f.getKey(),
        number(f.getValue())));
    return new ScenarioResult(s.path("id").asText(), s.path("title").asText(),
        s.path("description").asText(), rows, notes, memory, figures,
        number(s.get("seconds")), s.path("error").isTextual() ? s.get("error").asText() : null);
  }

  private static Comparison row(JsonNode r) {
    Better better = Better.valueOf(r.path("better").asText().toUpperCase(Locale.ROOT));
    Stats reel = stats(r.get("reel"));
    boolean anchored = r.path("anchor").isObject();
    Stats anchor = anchored ? stats(r.get("anchor")) : null;
    Stats ratio = anchored ? stats(r.get("ratio")) : null;
    Target target = null;
    JsonNode t = r.get("target");
    if (t != null && t.isObject()) {
      boolean limit = t.has("limit");
      target = new Target(number(limit ? t.get("limit") : t.get("ratio")), limit,
          t.path("informational").asBoolean(), t.path("note").asText());
    }
    Verdict verdict = target == null ? Verdict.NONE
        : target.met(better, anchored ? ratio.median() : reel.median()) ? Verdict.PASS
            : Verdict.SHORT;
    return new Comparison(r.path("metric").asText(), r.path("unit").asText(), better, reel,
        anchored ? r.get("anchor").path("name").asText() : null, anchor, ratio, target,
        verdict);
  }

  private static Stats stats(JsonNode s) {
    List<Double> samples = new ArrayList<>();
    s.path("samples").forEach(v -> samples.add(number(v)));
    return new Stats(number(s.get("median")), number(s.get("min")), number(s.get("max")),
        samples);
  }

  /** Report writes NaN as null. */
  private static double number(JsonNode value) {
    return value == null || !value.isNumber() ? Double.NaN : value.asDouble();
  }
}
