package dev.reel.common.event;

import java.time.Instant;

/** How far a transcode job has come, per rendition. */
public record TranscodeProgress(
    String assetId,
    String jobId,
    String rendition,
    double percent,
    double overallPercent,
    boolean playable,
    Instant reportedAt) {
}
