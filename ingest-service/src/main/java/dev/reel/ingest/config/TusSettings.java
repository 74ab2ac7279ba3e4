package dev.reel.ingest.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * tus resumable uploads.
 *
 * @param expiry how long an unfinished upload lives after its last accepted PATCH (or its
 *     creation); after that it answers 410 and the sweeper removes what it had stored
 * @param sweepInterval how often expired uploads and stale S3 multipart uploads are cleaned up
 * @param equalParts every S3 part but the last the same size, for stores that require it; when
 *     false, a request's last bytes go up as a shorter part of their own if they reach S3's
 *     5 MiB minimum, instead of waiting in a tail object for the next request
 */
public record TusSettings(Duration expiry, Duration sweepInterval, boolean equalParts) {

  public static final String EXPIRY_HOURS = "REEL_TUS_EXPIRY_HOURS";
  public static final String SWEEP_INTERVAL_SECONDS = "REEL_TUS_SWEEP_INTERVAL_SECONDS";
  public static final String EQUAL_PARTS = "REEL_TUS_EQUAL_PARTS";

  /** A year: beyond that an abandoned upload is not coming back. */
  static final long MAX_EXPIRY_HOURS = 365 * 24;
  static final long MAX_SWEEP_INTERVAL_SECONDS = 24 * 60 * 60;

  public static JsonObject defaults() {
    return new JsonObject()
        .put(EXPIRY_HOURS, "24")
        .put(SWEEP_INTERVAL_SECONDS, "300")
        .put(EQUAL_PARTS, "false");
  }

  public static TusSettings read(ConfigReader config) {
    long hours = config.positiveLong(EXPIRY_HOURS);
    if (hours > MAX_EXPIRY_HOURS) {
      throw new ConfigException(EXPIRY_HOURS + " must be between 1 and " + MAX_EXPIRY_HOURS
          + " (a year), was " + hours);
    }
    long seconds = config.positiveLong(SWEEP_INTERVAL_SECONDS);
    if (seconds > MAX_SWEEP_INTERVAL_SECONDS) {
      throw new ConfigException(SWEEP_INTERVAL_SECONDS + " must be between 1 and "
          + MAX_SWEEP_INTERVAL_SECONDS + " (a day), was " + seconds);
    }
    return new TusSettings(Duration.ofHours(hours), Duration.ofSeconds(seconds),
        config.bool(EQUAL_PARTS));
  }
}
