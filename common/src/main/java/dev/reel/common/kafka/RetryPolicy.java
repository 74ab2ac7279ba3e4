package dev.reel.common.kafka;

import java.time.Duration;

/** Bounded retries with exponential backoff: attempt n waits initial * 2^(n-1), capped. */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** The wait before the attempt after {@code failedAttempt} (1-based). */
  public long backoffMillis(int failedAttempt) {
    long millis = initialBackoff.toMillis() << Math.min(failedAttempt - 1, 20);
    return Math.min(millis, maxBackoff.toMillis());
  }
}
