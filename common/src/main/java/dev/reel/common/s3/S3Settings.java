package dev.reel.common.s3;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where media lives. Without an endpoint the AWS default is used; without keys the AWS SDK's
 * default credential chain is (environment, profile, instance role).
 */
public record S3Settings(
    Optional<URI> endpoint,
    String region,
    String bucket,
    Optional<String> accessKey,
    Optional<String> secretKey,
    boolean pathStyle) {

  public static final String ENDPOINT = "REEL_S3_ENDPOINT";
  public static final String REGION = "REEL_S3_REGION";
  public static final String BUCKET = "REEL_S3_BUCKET";
  public static final String ACCESS_KEY = "REEL_S3_ACCESS_KEY";
  public static final String SECRET_KEY = "REEL_S3_SECRET_KEY";
  public static final String PATH_STYLE = "REEL_S3_PATH_STYLE";

  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public static JsonObject defaults() {
    return new JsonObject()
        .put(ENDPOINT, "http://127.0.0.1:9000")
        .put(REGION, "us-east-1")
        .put(BUCKET, "reel")
        .put(PATH_STYLE, "true");
  }

  public static S3Settings read(ConfigReader config) {
    String bucket = config.string(BUCKET);
    if (!BUCKET_NAME.matcher(bucket).matches() || bucket.contains("..")
        || IP_ADDRESS.matcher(bucket).matches()) {
      throw new ConfigException(BUCKET + " is not a valid S3 bucket name: '" + bucket + "'");
    }
    Optional<String> accessKey = config.optionalString(ACCESS_KEY);
    Optional<String> secretKey = config.optionalString(SECRET_KEY);
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw new ConfigException(ACCESS_KEY + " and " + SECRET_KEY
          + " must be set together (or neither, to use the AWS default credential chain)");
    }
    return new S3Settings(config.optionalUri(ENDPOINT), config.string(REGION), bucket,
        accessKey, secretKey, config.bool(PATH_STYLE));
  }
}
