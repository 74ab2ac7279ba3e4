package dev.reel.bench.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bench platform's ports: the defaults shifted by 10000, so that a run never clashes with a
 * developer's own {@code ./reel up} on 8080-8083, 9000 and 9092-9093.
 */
public record Ports(int delivery, int ingest, int transcode, int admin, int s3, int kafka,
    int kafkaController, int nginx) {

  public static final Ports DEFAULT =
      new Ports(18080, 18081, 18082, 18083, 19000, 19092, 19093, 18090);

  /** The platform's environment variables (nginx is the harness's own). */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("REEL_DELIVERY_PORT", String.valueOf(delivery));
    env.put("REEL_INGEST_PORT", String.valueOf(ingest));
    env.put("REEL_TRANSCODE_PORT", String.valueOf(transcode));
    env.put("REEL_ADMIN_PORT", String.valueOf(admin));
    env.put("REEL_S3_PORT", String.valueOf(s3));
    env.put("REEL_KAFKA_PORT", String.valueOf(kafka));
    env.put("REEL_KAFKA_CONTROLLER_PORT", String.valueOf(kafkaController));
    return env;
  }
}
