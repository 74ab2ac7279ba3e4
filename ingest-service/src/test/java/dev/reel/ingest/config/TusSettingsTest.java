package dev.reel.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TusSettingsTest {

  private static TusSettings read(JsonObject overrides) {
    return IngestConfig.read(new ConfigReader(IngestConfig.defaults()
        .put("REEL_API_KEY", "0123456789abcdef-ingest").mergeIn(overrides))).tus();
  }

  @Test
  @DisplayName("by default an unfinished tus upload lives 24 hours, sweeps run every 5 minutes "
      + "and parts may differ in size")
  void defaults() {
    assertEquals(new TusSettings(Duration.ofHours(24), Duration.ofMinutes(5), false),
        read(new JsonObject()));
  }

  @Test
  @DisplayName("REEL_TUS_EXPIRY_HOURS, REEL_TUS_SWEEP_INTERVAL_SECONDS and REEL_TUS_EQUAL_PARTS "
      + "are read")
  void overrides() {
    assertEquals(new TusSettings(Duration.ofHours(72), Duration.ofSeconds(30), true),
        read(new JsonObject().put(TusSettings.EXPIRY_HOURS, "72")
            .put(TusSettings.SWEEP_INTERVAL_SECONDS, "30")
            .put(TusSettings.EQUAL_PARTS, "true")));
  }

  @ParameterizedTest(name = "{0}={1}")
  @DisplayName("zero, negative, too long or non-numeric values stop the service, naming the key")
  @CsvSource({"REEL_TUS_EXPIRY_HOURS, 0", "REEL_TUS_EXPIRY_HOURS, -3",
      "REEL_TUS_EXPIRY_HOURS, 8761", "REEL_TUS_EXPIRY_HOURS, 1.5",
      "REEL_TUS_SWEEP_INTERVAL_SECONDS, 0", "REEL_TUS_SWEEP_INTERVAL_SECONDS, 86401",
      "REEL_TUS_SWEEP_INTERVAL_SECONDS, often", "REEL_TUS_EQUAL_PARTS, sometimes"})
  void rejected(String key, String value) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> read(new JsonObject().put(key, value)));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
