package dev.reel.bench;

import dev.reel.bench.scenarios.EventLatency;
import dev.reel.bench.scenarios.TranscodeVsFfmpeg;
import dev.reel.bench.scenarios.RangeVsNginx;
import dev.reel.bench.scenarios.RangeVsS3;
import dev.reel.bench.scenarios.UploadVsTransferManager;
import java.util.List;
import java.util.Optional;

/** The registry: every scenario, in the order a full run measures them. */
public final class Scenarios {

  /** Register a new scenario here (one line); its id becomes a {@code ./reel bench} argument. */
  public static final List<Scenario> ALL = List.of(
      new RangeVsNginx(),
      new RangeVsS3(),
      new dev.reel.bench.scenarios.EdgeCacheVsNginx(),
      new UploadVsTransferManager(UploadVsTransferManager.Route.POST),
      new UploadVsTransferManager(UploadVsTransferManager.Route.TUS),
      new EventLatency(),
      new TranscodeVsFfmpeg());

  private Scenarios() {
  }

  public static Optional<Scenario> byId(String id) {
    return ALL.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
