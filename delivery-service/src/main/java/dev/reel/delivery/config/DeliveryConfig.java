package dev.reel.delivery.config;

import dev.reel.common.config.ConfigReader;
import dev.reel.common.http.ApiKeys;
import dev.reel.common.http.HttpSettings;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.common.s3.S3Settings;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Everything the delivery service reads from its configuration, validated. */
public record DeliveryConfig(HttpSettings http, Set<String> apiKeys, KafkaSettings kafka,
    S3Settings s3, PublicBaseUrl publicBaseUrl, EdgeCacheSettings cache) {

  public static final String PORT = "REEL_DELIVERY_PORT";

  public static JsonObject defaults() {
    return new JsonObject()
        .put(HttpSettings.HOST, HttpSettings.DEFAULT_HOST)
        .put(PORT, "8080")
        .mergeIn(KafkaSettings.defaults())
        .mergeIn(S3Settings.defaults())
        .mergeIn(EdgeCacheSettings.defaults());
  }

  public static DeliveryConfig read(ConfigReader config) {
    return new DeliveryConfig(HttpSettings.read(config, PORT), ApiKeys.read(config),
        KafkaSettings.read(config), S3Settings.read(config), PublicBaseUrl.read(config),
        EdgeCacheSettings.read(config));
  }
}
