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

  public static JsonObject defaults() {
    return new JsonObject()
        .put(BUFFER, "10000")
        .put(LINGER_MS, "200");
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
