package dev.reel.transcode.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import dev.reel.common.http.HttpSettings;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.common.s3.S3Settings;
import dev.reel.transcode.ladder.LadderProfile;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Everything the transcode service reads from its configuration, validated. */
public record TranscodeConfig(HttpSettings http, KafkaSettings kafka, S3Settings s3,
    String consumerGroup, String backend, int concurrency, Path workDir,
    Optional<String> ffmpegPath, LadderProfile ladder, int maxAttempts, Duration retryBackoff,
    Duration sessionTimeout, Optional<MediaConvertSettings> mediaConvert) {

  public static final String PORT = "REEL_TRANSCODE_PORT";
  public static final String CONSUMER_GROUP = "REEL_TRANSCODE_CONSUMER_GROUP";
  public static final String BACKEND = "REEL_TRANSCODE_BACKEND";
  public static final String CONCURRENCY = "REEL_TRANSCODE_CONCURRENCY";
  public static final String WORK_DIR = "REEL_TRANSCODE_WORK_DIR";
  public static final String FFMPEG_PATH = "REEL_FFMPEG_PATH";
  public static final String LADDER = "REEL_TRANSCODE_LADDER";
  public static final String AUDIO_KBPS = "REEL_TRANSCODE_AUDIO_KBPS";
  public static final String SEGMENT_SECONDS = "REEL_TRANSCODE_SEGMENT_SECONDS";
  public static final String PRESET = "REEL_TRANSCODE_PRESET";
  public static final String MAX_ATTEMPTS = "REEL_TRANSCODE_MAX_ATTEMPTS";
  public static final String RETRY_BACKOFF_MS = "REEL_TRANSCODE_RETRY_BACKOFF_MS";
  public static final String SESSION_TIMEOUT_MS = "REEL_TRANSCODE_SESSION_TIMEOUT_MS";

  static final Set<String> BACKENDS = Set.of("ffmpeg", "mediaconvert");
  static final Set<String> PRESETS = Set.of("ultrafast", "superfast", "veryfast", "faster",
      "fast", "medium", "slow", "slower", "veryslow");

  public static JsonObject defaults() {
    return new JsonObject()
        .put(HttpSettings.HOST, HttpSettings.DEFAULT_HOST)
        .put(PORT, "8082")
        .put(CONSUMER_GROUP, "reel-transcode")
        .put(BACKEND, "ffmpeg")
        .put(CONCURRENCY, "1")
        .put(WORK_DIR, Path.of(System.getProperty("java.io.tmpdir"), "reel-transcode")
            .toString())
        .put(LADDER, LadderProfile.DEFAULT_RUNGS)
        .put(AUDIO_KBPS, "128")
        .put(SEGMENT_SECONDS, "4")
        .put(PRESET, "veryfast")
        .put(MAX_ATTEMPTS, "3")
        .put(RETRY_BACKOFF_MS, "2000")
        .put(SESSION_TIMEOUT_MS, "45000")
        .mergeIn(MediaConvertSettings.defaults())
        .mergeIn(KafkaSettings.defaults())
        .mergeIn(S3Settings.defaults());
  }

  public static TranscodeConfig read(ConfigReader config) {
    String backend = config.string(BACKEND);
    if (!BACKENDS.contains(backend)) {
      throw new ConfigException(BACKEND + " must be one of " + BACKENDS + ", was '" + backend
          + "'");
    }
    String preset = config.string(PRESET);
    if (!PRESETS.contains(preset)) {
      throw new ConfigException(PRESET + " must be an x264 preset " + PRESETS + ", was '"
          + preset + "'");
    }
    LadderProfile ladder = new LadderProfile(
        LadderProfile.parseRungs(LADDER, config.string(LADDER)),
        within(config, AUDIO_KBPS, 32, 512), within(config, SEGMENT_SECONDS, 2, 10), preset);
    S3Settings s3 = S3Settings.read(config);
    Optional<MediaConvertSettings> mediaConvert = MediaConvertSettings.read(config,
        backend.equals("mediaconvert"), s3);
    return new TranscodeConfig(HttpSettings.read(config, PORT), KafkaSettings.read(config),
        s3, config.string(CONSUMER_GROUP), backend,
        within(config, CONCURRENCY, 1, 64), Path.of(config.string(WORK_DIR)).toAbsolutePath(),
        config.optionalString(FFMPEG_PATH), ladder, within(config, MAX_ATTEMPTS, 1, 20),
        Duration.ofMillis(within(config, RETRY_BACKOFF_MS, 0, 600_000)),
        Duration.ofMillis(within(config, SESSION_TIMEOUT_MS, 6000, 1_800_000)), mediaConvert);
  }

  private static int within(ConfigReader config, String key, int min, int max) {
    int value = config.integer(key);
    if (value < min || value > max) {
      throw new ConfigException(key + " must be from " + min + " to " + max + ", was " + value);
    }
    return value;
  }
}
