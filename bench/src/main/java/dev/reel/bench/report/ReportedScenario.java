package dev.reel.bench.report;

import dev.reel.bench.measure.ScenarioResult;

/**
 * A scenario's result as the report shows it, with the run that measured it: this run, or an
 * earlier one of the same mode when this run measured only some scenarios.
 */
public record ReportedScenario(ScenarioResult result, RunStamp measured) {
}
