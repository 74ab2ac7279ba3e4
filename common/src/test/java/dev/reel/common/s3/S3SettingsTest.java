package dev.reel.common.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3SettingsTest {

  private static S3Settings read(JsonObject json) {
    return S3Settings.read(new ConfigReader(json));
  }

  private static ConfigException rejected(JsonObject json) {
    return assertThrows(ConfigException.class, () -> read(json));
  }

  @Test
  @DisplayName("the defaults point at a local path-style endpoint and the default credential chain")
  void defaults() {
    assertEquals(new S3Settings(Optional.of(URI.create("http://127.0.0.1:9000")), "us-east-1",
        "reel", Optional.empty(), Optional.empty(), true), read(S3Settings.defaults()));
  }

  @Test
  @DisplayName("without an endpoint the AWS default endpoint is used")
  void noEndpoint() {
    JsonObject json = S3Settings.defaults();
    json.remove("REEL_S3_ENDPOINT");
    assertEquals(Optional.empty(), read(json).endpoint());
  }

  @Test
  @DisplayName("access key and secret key set together are both kept")
  void bothKeys() {
    S3Settings settings = read(S3Settings.defaults()
        .put("REEL_S3_ACCESS_KEY", "AKIAEXAMPLE").put("REEL_S3_SECRET_KEY", "s3cr3t"));
    assertEquals(Optional.of("AKIAEXAMPLE"), settings.accessKey());
    assertEquals(Optional.of("s3cr3t"), settings.secretKey());
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a valid bucket name is accepted")
  @ValueSource(strings = {"reel", "abc", "my-media.bucket-01", "0bucket9",
      "a23456789012345678901234567890123456789012345678901234567890123"})
  void validBucket(String bucket) {
    assertEquals(bucket, read(S3Settings.defaults().put("REEL_S3_BUCKET", bucket)).bucket());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("an invalid bucket name is rejected, naming REEL_S3_BUCKET and the name")
  @ValueSource(strings = {"ab", "Reel", "my_bucket", "-reel", "reel-", ".reel", "reel.",
      "re el", "a234567890123456789012345678901234567890123456789012345678901234"})
  void invalidBucket(String bucket) {
    ConfigException e = rejected(S3Settings.defaults().put("REEL_S3_BUCKET", bucket));
    assertTrue(e.getMessage().contains("REEL_S3_BUCKET"), e.getMessage());
    assertTrue(e.getMessage().contains("'" + bucket + "'"), e.getMessage());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a bucket name S3 forbids despite its allowed characters is rejected at start")
  @ValueSource(strings = {"my..bucket", "a..b", "192.168.5.4", "10.0.0.1"})
  void bucketBreakingS3NamingRulesRejected(String bucket) {
    ConfigException e = rejected(S3Settings.defaults().put("REEL_S3_BUCKET", bucket));
    assertTrue(e.getMessage().contains("REEL_S3_BUCKET"), e.getMessage());
  }

  @Test
  @DisplayName("a missing bucket is rejected, naming REEL_S3_BUCKET")
  void missingBucket() {
    JsonObject json = S3Settings.defaults();
    json.remove("REEL_S3_BUCKET");
    ConfigException e = rejected(json);
    assertTrue(e.getMessage().contains("REEL_S3_BUCKET"), e.getMessage());
  }

  @Test
  @DisplayName("an access key without a secret key is rejected, naming both keys")
  void accessKeyWithoutSecret() {
    ConfigException e = rejected(S3Settings.defaults().put("REEL_S3_ACCESS_KEY", "AKIAEXAMPLE"));
    assertTrue(e.getMessage().contains("REEL_S3_ACCESS_KEY"), e.getMessage());
    assertTrue(e.getMessage().contains("REEL_S3_SECRET_KEY"), e.getMessage());
  }

  @Test
  @DisplayName("a secret key without an access key is rejected, naming both keys")
  void secretWithoutAccessKey() {
    ConfigException e = rejected(S3Settings.defaults().put("REEL_S3_SECRET_KEY", "s3cr3t"));
    assertTrue(e.getMessage().contains("REEL_S3_ACCESS_KEY"), e.getMessage());
    assertTrue(e.getMessage().contains("REEL_S3_SECRET_KEY"), e.getMessage());
  }

  @Test
  @DisplayName("the half-set credentials error does not echo the secret")
  void secretNotEchoed() {
    ConfigException e = rejected(S3Settings.defaults().put("REEL_S3_SECRET_KEY", "s3cr3t-value"));
    assertFalse(e.getMessage().contains("s3cr3t-value"), e.getMessage());
  }

  @Test
  @DisplayName("path-style addressing can be switched off")
  void pathStyleOff() {
    assertFalse(read(S3Settings.defaults().put("REEL_S3_PATH_STYLE", "false")).pathStyle());
  }

  @Test
  @DisplayName("a bad endpoint is rejected, naming REEL_S3_ENDPOINT")
  void badEndpoint() {
    ConfigException e = rejected(S3Settings.defaults().put("REEL_S3_ENDPOINT", "minio:9000"));
    assertTrue(e.getMessage().contains("REEL_S3_ENDPOINT"), e.getMessage());
  }
}
