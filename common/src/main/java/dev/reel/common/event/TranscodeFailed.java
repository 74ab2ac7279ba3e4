package dev.reel.common.event;

import java.time.Instant;

/** A transcode job gave up; {@code retryable} says whether trying again later could help. */
public record TranscodeFailed(
    String assetId,
    String jobId,
    String reasonCode,
    String message,
    int attempt,
    boolean retryable,
    Instant failedAt) {
}
