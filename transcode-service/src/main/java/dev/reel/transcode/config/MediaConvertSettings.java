package dev.reel.transcode.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import dev.reel.common.s3.S3Settings;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the transcode service reaches AWS Elemental MediaConvert. MediaConvert signs with the same
 * credentials as S3 ({@code REEL_S3_ACCESS_KEY}/{@code REEL_S3_SECRET_KEY}, else the AWS default
 * chain): it reads and writes the very bucket the service uses, so one principal holds both
 * rights. Without an endpoint the SDK's regional endpoint is used.
 */
public record MediaConvertSettings(Optional<URI> endpoint, String region, String roleArn,
    Optional<String> queueArn, Duration pollInterval) {

  public static final String ENDPOINT = "REEL_MEDIACONVERT_ENDPOINT";
  public static final String REGION = "REEL_MEDIACONVERT_REGION";
  public static final String ROLE_ARN = "REEL_MEDIACONVERT_ROLE_ARN";
  public static final String QUEUE_ARN = "REEL_MEDIACONVERT_QUEUE_ARN";
  public static final String POLL_INTERVAL_MS = "REEL_MEDIACONVERT_POLL_INTERVAL_MS";

  static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  static final Pattern ROLE = Pattern.compile(
      "arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
  static final Pattern QUEUE = Pattern.compile(
      "arn:aws(-[a-z]+)*:mediaconvert:[a-z0-9-]+:\\d{12}:queues/[\\w.-]{1,128}");

  public static JsonObject defaults() {
    return new JsonObject().put(POLL_INTERVAL_MS, "5000");
  }

  /**
   * Reads and checks every MediaConvert key, so a typo fails at start whichever backend runs;
   * the settings exist only when {@code enabled}, and then the role is required.
   */
  public static Optional<MediaConvertSettings> read(ConfigReader config, boolean enabled,
      S3Settings s3) {
    Optional<URI> endpoint = config.optionalUri(ENDPOINT);
    String region = config.optionalString(REGION).orElse(s3.region());
    if (!REGION_NAME.matcher(region).matches()) {
      throw new ConfigException(REGION + " must be an AWS region like eu-west-1, was '" + region
          + "'");
    }
    Optional<String> role = config.optionalString(ROLE_ARN);
    role.filter(r -> !ROLE.matcher(r).matches()).ifPresent(r -> {
      throw new ConfigException(ROLE_ARN + " must be an IAM role ARN like "
          + "arn:aws:iam::111122223333:role/MediaConvertRole, was '" + r + "'");
    });
    Optional<String> queue = config.optionalString(QUEUE_ARN);
    queue.filter(q -> !QUEUE.matcher(q).matches()).ifPresent(q -> {
      throw new ConfigException(QUEUE_ARN + " must be a MediaConvert queue ARN like "
          + "arn:aws:mediaconvert:eu-west-1:111122223333:queues/Default, was '" + q + "'");
    });
    int pollMs = config.integer(POLL_INTERVAL_MS);
    if (pollMs < 100 || pollMs > 600_000) {
      throw new ConfigException(POLL_INTERVAL_MS + " must be from 100 to 600000, was " + pollMs);
    }
    if (!enabled) {
      return Optional.empty();
    }
    if (role.isEmpty()) {
      throw new ConfigException(ROLE_ARN + " is required when " + TranscodeConfig.BACKEND
          + "=mediaconvert: the IAM role MediaConvert assumes to read originals and write "
          + "renditions");
    }
    if (endpoint.isEmpty()) {
      s3.endpoint().filter(uri -> !isAws(uri)).ifPresent(uri -> {
        throw new ConfigException(S3Settings.ENDPOINT + " is " + uri + ", but MediaConvert "
            + "reads and writes the bucket in AWS S3: leave it empty (or use an amazonaws.com "
            + "endpoint) when " + TranscodeConfig.BACKEND + "=mediaconvert");
      });
    }
    return Optional.of(new MediaConvertSettings(endpoint, region, role.get(), queue,
        Duration.ofMillis(pollMs)));
  }

  private static boolean isAws(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn");
  }
}
