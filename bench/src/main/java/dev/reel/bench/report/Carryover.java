package dev.reel.bench.report;

import dev.reel.bench.measure.ScenarioResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a report shows after a run of some scenarios only: this run's results, and for every
 * other registered scenario its result from the previous report, if that was measured in the
 * same mode. So {@code ./reel bench upload} refreshes the upload figures without wiping the
 * others; a quick run never carries full-run figures over, nor the other way round.
 */
public final class Carryover {

  private Carryover() {
  }

  /**
   * @param order every registered scenario id, in report order
   * @param fresh this run's results
   * @param now this run
   * @param previous the scenarios of the previous report (empty if there is none)
   */
  public static List<ReportedScenario> merge(List<String> order, List<ScenarioResult> fresh,
      RunStamp now, List<ReportedScenario> previous) {
    Map<String, ScenarioResult> measured = fresh.stream()
        .collect(Collectors.toMap(ScenarioResult::id, Function.identity()));
    Map<String, ReportedScenario> earlier = previous.stream()
        .filter(p -> p.measured().mode().equals(now.mode()))
        .collect(Collectors.toMap(p -> p.result().id(), Function.identity(), (a, b) -> a));
    List<ReportedScenario> merged = new ArrayList<>();
    for (String id : order) {
      if (measured.containsKey(id)) {
        merged.add(new ReportedScenario(measured.get(id), now));
      } else if (earlier.containsKey(id)) {
        merged.add(earlier.get(id));
      }
    }
    return merged;
  }
}
