package dev.reel.transcode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import dev.reel.common.s3.S3Settings;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MediaConvertConfigTest {

  private static final String ROLE = "arn:aws:iam::111122223333:role/ReelMediaConvert";

  private static TranscodeConfig read(JsonObject overrides) {
    return TranscodeConfig.read(new ConfigReader(TranscodeConfig.defaults().mergeIn(overrides)));
  }

  /** MediaConvert on AWS: S3 without an endpoint, the role set. */
  private static JsonObject onAws() {
    return new JsonObject()
        .put(TranscodeConfig.BACKEND, "mediaconvert")
        .put(S3Settings.ENDPOINT, "")
        .put(S3Settings.REGION, "eu-west-1")
        .put(MediaConvertSettings.ROLE_ARN, ROLE);
  }

  private static String failure(JsonObject overrides) {
    return assertThrows(ConfigException.class, () -> read(overrides)).getMessage();
  }

  @Test
  @DisplayName("the ffmpeg backend has no MediaConvert settings, and needs no role")
  void ffmpegNeedsNone() {
    assertEquals(Optional.empty(), read(new JsonObject()).mediaConvert());
  }

  @Test
  @DisplayName("MediaConvert on AWS: the S3 region by default, the role, a 5 s poll")
  void awsDefaults() {
    MediaConvertSettings settings = read(onAws()).mediaConvert().orElseThrow();
    assertEquals("eu-west-1", settings.region());
    assertEquals(ROLE, settings.roleArn());
    assertEquals(Optional.empty(), settings.endpoint());
    assertEquals(Optional.empty(), settings.queueArn());
    assertEquals(Duration.ofSeconds(5), settings.pollInterval());
  }

  @Test
  @DisplayName("every key is taken: endpoint, region, queue, poll interval")
  void everyKey() {
    String queue = "arn:aws:mediaconvert:us-west-2:111122223333:queues/Default";
    MediaConvertSettings settings = read(onAws()
        .put(MediaConvertSettings.ENDPOINT, "https://abcd1234.mediaconvert.us-west-2.amazonaws.com")
        .put(MediaConvertSettings.REGION, "us-west-2")
        .put(MediaConvertSettings.QUEUE_ARN, queue)
        .put(MediaConvertSettings.POLL_INTERVAL_MS, "250")).mediaConvert().orElseThrow();
    assertEquals(Optional.of(URI.create("https://abcd1234.mediaconvert.us-west-2.amazonaws.com")),
        settings.endpoint());
    assertEquals("us-west-2", settings.region());
    assertEquals(Optional.of(queue), settings.queueArn());
    assertEquals(Duration.ofMillis(250), settings.pollInterval());
  }

  @Test
  @DisplayName("without a role MediaConvert does not start, naming the key")
  void roleRequired() {
    String message = failure(onAws().put(MediaConvertSettings.ROLE_ARN, ""));
    assertTrue(message.startsWith("REEL_MEDIACONVERT_ROLE_ARN is required"), message);
  }

  @Test
  @DisplayName("a role, queue, region or interval of the wrong shape is refused, naming the key")
  void badValues() {
    assertTrue(failure(onAws().put(MediaConvertSettings.ROLE_ARN, "ReelMediaConvert"))
        .startsWith("REEL_MEDIACONVERT_ROLE_ARN must be an IAM role ARN"));
    assertTrue(failure(onAws().put(MediaConvertSettings.QUEUE_ARN, "Default"))
        .startsWith("REEL_MEDIACONVERT_QUEUE_ARN must be a MediaConvert queue ARN"));
    assertTrue(failure(onAws().put(MediaConvertSettings.REGION, "Ireland"))
        .startsWith("REEL_MEDIACONVERT_REGION must be an AWS region"));
    assertTrue(failure(onAws().put(MediaConvertSettings.POLL_INTERVAL_MS, "10"))
        .startsWith("REEL_MEDIACONVERT_POLL_INTERVAL_MS must be from 100"));
    assertTrue(failure(onAws().put(MediaConvertSettings.ENDPOINT, "not a url"))
        .startsWith("REEL_MEDIACONVERT_ENDPOINT"));
  }

  @Test
  @DisplayName("a bad MediaConvert value stops even the ffmpeg backend: a typo is caught early")
  void checkedWhateverTheBackend() {
    String message = failure(new JsonObject().put(MediaConvertSettings.POLL_INTERVAL_MS, "x"));
    assertTrue(message.startsWith("REEL_MEDIACONVERT_POLL_INTERVAL_MS"), message);
  }

  @Test
  @DisplayName("MediaConvert cannot reach a MinIO bucket: an S3 endpoint off AWS is refused")
  void bucketMustBeOnAws() {
    String message = failure(onAws().put(S3Settings.ENDPOINT, "http://minio:9000"));
    assertTrue(message.startsWith("REEL_S3_ENDPOINT is http://minio:9000"), message);
    read(onAws().put(S3Settings.ENDPOINT, "https://s3.eu-west-1.amazonaws.com"));
    // A stand-in of MediaConvert (tests) may work on any S3.
    read(onAws().put(S3Settings.ENDPOINT, "http://127.0.0.1:9000")
        .put(MediaConvertSettings.ENDPOINT, "http://127.0.0.1:9100"));
  }
}
