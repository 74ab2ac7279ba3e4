package dev.reel.platform;

import java.nio.file.Path;
import java.util.Map;

/**
 * The embedded platform's ports and data directory, from environment variables with the
 * documented defaults. Every service listens on the loopback interface unless
 * {@code REEL_HTTP_HOST} says otherwise.
 */
record PlatformSettings(
    Path dataDir,
    String host,
    int deliveryPort,
    int ingestPort,
    int transcodePort,
    int adminPort,
    int s3Port,
    int kafkaPort,
    int kafkaControllerPort) {

  static PlatformSettings fromEnvironment(Map<String, String> env) {
    return new PlatformSettings(
        Path.of(env.getOrDefault("REEL_DATA_DIR", "data")).toAbsolutePath().normalize(),
        env.getOrDefault("REEL_HTTP_HOST", "127.0.0.1"),
        port(env, "REEL_DELIVERY_PORT", 8080),
        port(env, "REEL_INGEST_PORT", 8081),
        port(env, "REEL_TRANSCODE_PORT", 8082),
        port(env, "REEL_ADMIN_PORT", 8083),
        port(env, "REEL_S3_PORT", 9000),
        port(env, "REEL_KAFKA_PORT", 9092),
        port(env, "REEL_KAFKA_CONTROLLER_PORT", 9093));
  }

  private static int port(Map<String, String> env, String key, int fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(key + " must be a port number (1-65535), was '" + value
        + "'");
  }

  Map<String, Integer> portsByKey() {
    return Map.of("REEL_DELIVERY_PORT", deliveryPort, "REEL_INGEST_PORT", ingestPort,
        "REEL_TRANSCODE_PORT", transcodePort, "REEL_ADMIN_PORT", adminPort,
        "REEL_S3_PORT", s3Port, "REEL_KAFKA_PORT", kafkaPort,
        "REEL_KAFKA_CONTROLLER_PORT", kafkaControllerPort);
  }
}
