package dev.reel.transcode.job;

import dev.reel.common.event.TranscodeCompleted;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code renditions/{assetId}/job.json}, written last: every output with its size, the source it
 * was made from, and the completed event as first published, so a replay of the same upload
 * re-sends that very event (same CloudEvents id) instead of transcoding again.
 */
public record JobManifest(
    String assetId,
    String jobId,
    String backend,
    String sourceKey,
    long sourceBytes,
    String sourceSha256,
    List<TranscodeBackend.Output> outputs,
    String completedEventId,
    OffsetDateTime completedEventTime,
    TranscodeCompleted completed) {

  public static String key(String prefix) {
    return prefix + "job.json";
  }
}
