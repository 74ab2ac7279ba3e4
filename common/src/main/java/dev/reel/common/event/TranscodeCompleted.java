package dev.reel.common.event;

import java.time.Instant;
import java.util.List;

/** Every output of a transcode job is durable in S3; the job manifest was written last. */
public record TranscodeCompleted(
    String assetId,
    String jobId,
    String backend,
    String hlsMasterKey,
    String dashManifestKey,
    @Nullable String posterKey,
    @Nullable String storyboardKey,
    String jobManifestKey,
    List<Rendition> renditions,
    double durationSeconds,
    long timeToFirstPlayableMs,
    long elapsedMs,
    double encodeSpeed,
    Instant completedAt) {

  public TranscodeCompleted {
    renditions = renditions == null ? List.of() : List.copyOf(renditions);
  }
}
