package dev.reel.delivery.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * How access log records travel to Kafka: how many may wait in memory (while Kafka is slow or
 * away; beyond that the newest are dropped and counted), and how long a record waits for others
 * to share its batch.
 */
public record AccessLogSettings(int bufferSize, Duration linger) {

  public static final String BUFFER = "REEL_DELIVERY_ACCESS_LOG_BUFFER";
  public static final String LINGER_MS = "REEL_DELIVERY_ACCESS_LOG_LINGER_MS";

  /**
   * A short linger: a record is held, for a retry, until Kafka has acknowledged it, and every
   * one held when a young collection runs is copied. At a busy edge's rate (about 20,000 a
   * second) a 200 ms linger, with the producer's own 100 ms, had ~3 MB copied at each
   * collection and pauses of ~5 ms, which every request under way waits out; 20 ms here and
   * 25 ms in the producer copy ~1.3 MB, with pauses under 4 ms, for one worker task per batch
   * of a few hundred records.
   */
  public static JsonObject defaults() {
    return new JsonObject()
        .put(BUFFER, "10000")
        .put(LINGER_MS, "20");
  }

  public static AccessLogSettings read(ConfigReader config) {
    int buffer = config.integer(BUFFER);
    if (buffer < 1 || buffer > 1_000_000) {
      throw new ConfigException(BUFFER + " must be between 1 and 1000000, was " + buffer);
    }
    int linger = config.integer(LINGER_MS);
    if (linger < 10 || linger > 10_000) {
      throw new ConfigException(LINGER_MS + " must be between 10 and 10000, was " + linger);
    }
    return new AccessLogSettings(buffer, Duration.ofMillis(linger));
  }
}
