package dev.reel.transcode.config;

import dev.reel.common.config.ConfigReader;
import dev.reel.common.http.HttpSettings;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.common.s3.S3Settings;
import io.vertx.core.json.JsonObject;

/** Everything the transcode service reads from its configuration, validated. */
public record TranscodeConfig(HttpSettings http, KafkaSettings kafka, S3Settings s3,
    String consumerGroup) {

  public static final String PORT = "REEL_TRANSCODE_PORT";
  public static final String CONSUMER_GROUP = "REEL_TRANSCODE_CONSUMER_GROUP";

  public static JsonObject defaults() {
    return new JsonObject()
        .put(HttpSettings.HOST, HttpSettings.DEFAULT_HOST)
        .put(PORT, "8082")
        .put(CONSUMER_GROUP, "reel-transcode")
        .mergeIn(KafkaSettings.defaults())
        .mergeIn(S3Settings.defaults());
  }

  public static TranscodeConfig read(ConfigReader config) {
    return new TranscodeConfig(HttpSettings.read(config, PORT), KafkaSettings.read(config),
        S3Settings.read(config), config.string(CONSUMER_GROUP));
  }
}
