package dev.reel.admin.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * How admin turns {@code delivery.access} into access log objects in the bucket: an object is
 * written every {@code flushInterval}, or as soon as {@code maxRecords} records are waiting,
 * whichever comes first. The consumer group's instances share the topic's partitions.
 */
public record AccessLogArchiveSettings(String group, Duration flushInterval, int maxRecords) {

  public static final String GROUP = "REEL_ADMIN_ACCESS_LOG_GROUP";
  public static final String FLUSH_SECONDS = "REEL_ADMIN_ACCESS_LOG_FLUSH_SECONDS";
  public static final String MAX_RECORDS = "REEL_ADMIN_ACCESS_LOG_MAX_RECORDS";

  public static JsonObject defaults() {
    return new JsonObject()
        .put(GROUP, "reel-admin-access-logs")
        .put(FLUSH_SECONDS, "60")
        .put(MAX_RECORDS, "10000");
  }

  public static AccessLogArchiveSettings read(ConfigReader config) {
    int flush = config.integer(FLUSH_SECONDS);
    if (flush < 1 || flush > 3600) {
      throw new ConfigException(FLUSH_SECONDS + " must be between 1 and 3600, was " + flush);
    }
    int max = config.integer(MAX_RECORDS);
    if (max < 1 || max > 1_000_000) {
      throw new ConfigException(MAX_RECORDS + " must be between 1 and 1000000, was " + max);
    }
    return new AccessLogArchiveSettings(config.string(GROUP), Duration.ofSeconds(flush), max);
  }
}
