package dev.reel.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5));

  @ParameterizedTest(name = "after attempt {0}: {1} ms")
  @DisplayName("the backoff starts at the initial wait and doubles with each failed attempt")
  @CsvSource({"1, 200", "2, 400", "3, 800", "4, 1600", "5, 3200"})
  void doubling(int failedAttempt, long expected) {
    assertEquals(expected, POLICY.backoffMillis(failedAttempt));
  }

  @ParameterizedTest(name = "after attempt {0}")
  @DisplayName("the backoff never exceeds the maximum")
  @ValueSource(ints = {6, 7, 10, 20, 21, 30})
  void capped(int failedAttempt) {
    assertEquals(5000, POLICY.backoffMillis(failedAttempt));
  }

  @ParameterizedTest(name = "after attempt {0}")
  @DisplayName("a huge attempt number neither overflows nor goes negative: it stays at the cap")
  @ValueSource(ints = {31, 32, 63, 64, 65, 1000, Integer.MAX_VALUE})
  void noOverflow(int failedAttempt) {
    assertEquals(5000, POLICY.backoffMillis(failedAttempt));
  }

  @Test
  @DisplayName("the backoff never decreases from one attempt to the next")
  void monotonic() {
    RetryPolicy policy = new RetryPolicy(100, Duration.ofMillis(3), Duration.ofHours(1));
    long previous = 0;
    for (int attempt = 1; attempt <= 100; attempt++) {
      long backoff = policy.backoffMillis(attempt);
      assertTrue(backoff >= previous, "attempt " + attempt + ": " + backoff + " < " + previous);
      assertTrue(backoff <= Duration.ofHours(1).toMillis(), "attempt " + attempt);
      previous = backoff;
    }
  }

  @Test
  @DisplayName("the backoff keeps doubling until it reaches the maximum, however far away it is")
  void reachesDistantMaximum() {
    RetryPolicy policy = new RetryPolicy(100, Duration.ofMillis(1), Duration.ofHours(1));
    assertEquals(1L << 21, policy.backoffMillis(22));
    assertEquals(Duration.ofHours(1).toMillis(), policy.backoffMillis(100));
  }

  @Test
  @DisplayName("the default policy waits 200 ms, doubling up to 5 s, over 5 attempts")
  void defaultPolicy() {
    assertEquals(5, RetryPolicy.DEFAULT.maxAttempts());
    assertEquals(200, RetryPolicy.DEFAULT.backoffMillis(1));
    assertEquals(5000, RetryPolicy.DEFAULT.backoffMillis(100));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("fewer than one attempt is rejected")
  @ValueSource(ints = {0, -1})
  void maxAttemptsAtLeastOne(int maxAttempts) {
    assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(maxAttempts, Duration.ofMillis(1), Duration.ofMillis(1)));
  }
}
