package dev.reel.delivery.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * How long delivery waits on S3, as CloudFront's origin response timeout: for the answer's head
 * once a HEAD or GET is sent, and for a GET then each next piece of its body while a reader wants
 * one.
 * Past it the request is dropped: a viewer still waiting for a status line gets 504 {@code
 * ORIGIN_TIMEOUT}, one whose body had begun has its connection closed (its length is already
 * promised), and the next viewer of that object asks S3 again.
 */
public record OriginSettings(Duration responseTimeout) {

  public static final String RESPONSE_TIMEOUT_SECONDS = "REEL_DELIVERY_ORIGIN_TIMEOUT_SECONDS";
  /** CloudFront's default. */
  static final int DEFAULT_SECONDS = 30;
  static final int MAX_SECONDS = 3600;

  public static JsonObject defaults() {
    return new JsonObject().put(RESPONSE_TIMEOUT_SECONDS, String.valueOf(DEFAULT_SECONDS));
  }

  public static OriginSettings read(ConfigReader config) {
    int seconds = config.integer(RESPONSE_TIMEOUT_SECONDS);
    if (seconds < 1 || seconds > MAX_SECONDS) {
      throw new ConfigException(RESPONSE_TIMEOUT_SECONDS + " must be between 1 and "
          + MAX_SECONDS + ", was " + seconds);
    }
    return new OriginSettings(Duration.ofSeconds(seconds));
  }
}
