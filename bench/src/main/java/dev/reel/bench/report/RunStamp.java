package dev.reel.bench.report;

import java.time.Instant;

/** Which run measured a scenario: its mode, when it started, and the commit it measured. */
public record RunStamp(String mode, Instant started, String commit) {

  public static RunStamp of(RunInfo run) {
    return new RunStamp(run.mode(), run.started(), run.commit());
  }
}
