package dev.reel.admin.config;

import dev.reel.common.config.ConfigReader;
import dev.reel.common.http.ApiKeys;
import dev.reel.common.http.HttpSettings;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.common.s3.S3Settings;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Everything the admin service reads from its configuration, validated. */
public record AdminConfig(HttpSettings http, Set<String> apiKeys, KafkaSettings kafka,
    S3Settings s3, AccessLogArchiveSettings accessLogs) {

  public static final String PORT = "REEL_ADMIN_PORT";

  public static JsonObject defaults() {
    return new JsonObject()
        .put(HttpSettings.HOST, HttpSettings.DEFAULT_HOST)
        .put(PORT, "8083")
        .mergeIn(KafkaSettings.defaults())
        .mergeIn(S3Settings.defaults())
        .mergeIn(AccessLogArchiveSettings.defaults());
  }

  public static AdminConfig read(ConfigReader config) {
    return new AdminConfig(HttpSettings.read(config, PORT), ApiKeys.read(config),
        KafkaSettings.read(config), S3Settings.read(config),
        AccessLogArchiveSettings.read(config));
  }
}
