package dev.reel.common.event;

import java.time.Instant;
import java.util.List;

/** Every output of a transcode job is durable in S3; the job manifest was written last. */
public record TranscodeCompleted(
    String assetId,
    String jobId,
    String hlsMasterKey,
    String dashManifestKey,
    List<Rendition> renditions,
    double durationSeconds,
    long timeToFirstPlayableMs,
    long elapsedMs,
    Instant completedAt) {

  public TranscodeCompleted {
    renditions = renditions == null ? List.of() : List.copyOf(renditions);
  }
}
