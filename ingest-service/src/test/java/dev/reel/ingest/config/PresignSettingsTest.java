package dev.reel.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PresignSettingsTest {

  private static PresignSettings read(JsonObject overrides) {
    return IngestConfig.read(new ConfigReader(IngestConfig.defaults()
        .put("REEL_API_KEY", "0123456789abcdef-ingest").mergeIn(overrides))).presign();
  }

  private static void rejected(String key, String value) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> read(new JsonObject().put(key, value)));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  @Test
  @DisplayName("by default URLs live 60 minutes, are signed for REEL_S3_ENDPOINT, multipart "
      + "above 64 MiB, completable for a day after they expire")
  void defaults() {
    assertEquals(new PresignSettings(Duration.ofMinutes(60), Optional.empty(), 64L * 1024 * 1024,
        Duration.ofDays(1)), read(new JsonObject()));
  }

  @Test
  @DisplayName("REEL_S3_PUBLIC_ENDPOINT, REEL_PRESIGN_EXPIRY_MINUTES and "
      + "REEL_PRESIGN_COMPLETION_GRACE_MINUTES are read")
  void overrides() {
    PresignSettings settings = read(new JsonObject()
        .put("REEL_S3_PUBLIC_ENDPOINT", "http://localhost:9000")
        .put("REEL_PRESIGN_EXPIRY_MINUTES", "10080")
        .put("REEL_PRESIGN_COMPLETION_GRACE_MINUTES", "43200"));
    assertEquals(Optional.of(URI.create("http://localhost:9000")), settings.publicEndpoint());
    assertEquals(Duration.ofDays(7), settings.expiry());
    assertEquals(Duration.ofDays(30), settings.completionGrace());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a completion grace that is not 1 to 43200 minutes is rejected, naming the key")
  @ValueSource(strings = {"0", "-1", "43201", "1d"})
  void badGrace(String value) {
    rejected("REEL_PRESIGN_COMPLETION_GRACE_MINUTES", value);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("an expiry that is not 1 to 10080 minutes is rejected, naming the key")
  @ValueSource(strings = {"0", "-5", "10081", "1h", ""})
  void badExpiry(String value) {
    rejected("REEL_PRESIGN_EXPIRY_MINUTES", value);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a threshold outside 5 MiB..5 GiB is rejected, naming the key")
  @ValueSource(strings = {"5242879", "5368709121", "big"})
  void badThreshold(String value) {
    rejected("REEL_PRESIGN_MULTIPART_THRESHOLD_BYTES", value);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a public endpoint that is not an absolute URL is rejected, naming the key")
  @ValueSource(strings = {"localhost:9000", "/s3", "http://"})
  void badPublicEndpoint(String value) {
    rejected("REEL_S3_PUBLIC_ENDPOINT", value);
  }
}
