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
    long max = maxBackoff.toMillis();
    long millis = Math.min(initialBackoff.toMillis(), max);
    for (int i = 1; i < failedAttempt && millis < max; i++) {
      millis = millis > max / 2 ? max : millis * 2;
    }
    return millis;
  }
}
