package dev.reel.bench.measure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one scenario measured, ready for the report. {@code error} is set (and the rows may
 * be incomplete) when the scenario failed: the report says so instead of dropping it.
 *
 * @param figures extra machine-readable figures that are not Reel/anchor rows (totals, overall
 *     percentiles), for {@code latest.json}
 */
public record ScenarioResult(
    String id,
    String title,
    String description,
    List<Comparison> rows,
    List<String> notes,
    List<MemoryUse> memory,
    Map<String, Double> figures,
    double seconds,
    String error) {

  /** Collects a scenario's rows and notes while it runs. */
  public static final class Builder {
    private final List<Comparison> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<MemoryUse> memory = new ArrayList<>();
    private final Map<String, Double> figures = new LinkedHashMap<>();

    public Builder row(Comparison row) {
      rows.add(row);
      return this;
    }

    public Builder note(String note) {
      notes.add(note);
      return this;
    }

    public Builder memory(MemoryUse use) {
      memory.add(use);
      return this;
    }

    public Builder figure(String name, double value) {
      figures.put(name, value);
      return this;
    }

    public Map<String, Double> figures() {
      return figures;
    }

    public List<Comparison> rows() {
      return rows;
    }

    public List<String> notes() {
      return notes;
    }

    public List<MemoryUse> memory() {
      return memory;
    }
  }
}
