package dev.reel.ingest.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import dev.reel.common.http.ApiKeys;
import dev.reel.common.http.CorsOrigins;
import dev.reel.common.http.HttpSettings;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.common.s3.S3Settings;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Everything the ingest service reads from its configuration, validated. */
public record IngestConfig(
    HttpSettings http,
    Set<String> apiKeys,
    KafkaSettings kafka,
    S3Settings s3,
    long maxUploadBytes,
    int partSizeBytes,
    PresignSettings presign,
    TusSettings tus,
    CorsOrigins cors) {

  public static final String PORT = "REEL_INGEST_PORT";
  public static final String MAX_UPLOAD_BYTES = "REEL_UPLOAD_MAX_BYTES";
  public static final String PART_SIZE_BYTES = "REEL_UPLOAD_PART_SIZE_BYTES";

  /** S3 refuses parts under 5 MiB (except the last). */
  static final int MIN_PART_SIZE = 5 * 1024 * 1024;
  static final int MAX_PART_SIZE = 512 * 1024 * 1024;

  public static JsonObject defaults() {
    return new JsonObject()
        .put(HttpSettings.HOST, HttpSettings.DEFAULT_HOST)
        .put(PORT, "8081")
        .put(MAX_UPLOAD_BYTES, String.valueOf(50L * 1024 * 1024 * 1024))
        .put(PART_SIZE_BYTES, String.valueOf(8 * 1024 * 1024))
        .mergeIn(KafkaSettings.defaults())
        .mergeIn(S3Settings.defaults())
        .mergeIn(PresignSettings.defaults())
        .mergeIn(TusSettings.defaults())
        .mergeIn(CorsSettings.defaults());
  }

  public static IngestConfig read(ConfigReader config) {
    long partSize = config.positiveLong(PART_SIZE_BYTES);
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw new ConfigException(PART_SIZE_BYTES + " must be between " + MIN_PART_SIZE + " and "
          + MAX_PART_SIZE + " bytes, was " + partSize);
    }
    return new IngestConfig(
        HttpSettings.read(config, PORT),
        ApiKeys.read(config),
        KafkaSettings.read(config),
        S3Settings.read(config),
        config.positiveLong(MAX_UPLOAD_BYTES),
        (int) partSize,
        PresignSettings.read(config),
        TusSettings.read(config),
        CorsSettings.read(config));
  }
}
