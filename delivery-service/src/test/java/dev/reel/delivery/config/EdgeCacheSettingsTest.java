package dev.reel.delivery.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EdgeCacheSettingsTest {

  private static EdgeCacheSettings read(JsonObject overrides) {
    return EdgeCacheSettings.read(new ConfigReader(EdgeCacheSettings.defaults().mergeIn(
        overrides)));
  }

  @Test
  @DisplayName("the defaults: 64 MiB in memory, 1 GiB on disk in the temp dir, objects up to "
      + "256 MiB, manifests trusted 2 s")
  void defaults() {
    EdgeCacheSettings settings = read(new JsonObject());

    assertTrue(settings.enabled());
    assertEquals(64L << 20, settings.memoryBytes());
    assertEquals(4L << 20, settings.memoryObjectBytes());
    assertEquals(1L << 30, settings.diskBytes());
    assertTrue(settings.dir().isEmpty());
    assertEquals(256L << 20, settings.maxObjectBytes());
    assertEquals(Duration.ofSeconds(2), settings.manifestTtl());
    assertEquals(Duration.ofMinutes(10), settings.objectTtl());
  }

  @Test
  @DisplayName("a configured directory is made absolute")
  void directory() {
    EdgeCacheSettings settings = read(new JsonObject().put(EdgeCacheSettings.DIR, "cache/edge"));

    assertEquals(Path.of("cache/edge").toAbsolutePath(), settings.dir().orElseThrow());
  }

  @Test
  @DisplayName("zero turns a level off")
  void levelsOff() {
    EdgeCacheSettings settings = read(new JsonObject().put(EdgeCacheSettings.MEMORY_BYTES, "0")
        .put(EdgeCacheSettings.DISK_BYTES, "0"));

    assertEquals(0, settings.memoryBytes());
    assertEquals(0, settings.diskBytes());
  }

  @Test
  @DisplayName("unset, the largest cached object is 256 MiB or the disk level's size if smaller; "
      + "set larger than the disk level, it stops the service")
  void maxObjectFollowsTheDisk() {
    JsonObject smallDisk = new JsonObject().put(EdgeCacheSettings.DISK_BYTES, "20971520");

    assertEquals(20L << 20, read(smallDisk.copy()).maxObjectBytes());
    assertEquals(256L << 20, read(new JsonObject().put(EdgeCacheSettings.DISK_BYTES, "0"))
        .maxObjectBytes());
    assertEquals(8L << 20, read(smallDisk.copy()
        .put(EdgeCacheSettings.MAX_OBJECT_BYTES, "8388608")).maxObjectBytes());
    ConfigException e = assertThrows(ConfigException.class, () -> read(smallDisk.copy()
        .put(EdgeCacheSettings.MAX_OBJECT_BYTES, "268435456")));
    assertTrue(e.getMessage().startsWith(EdgeCacheSettings.MAX_OBJECT_BYTES), e.getMessage());
  }

  @ParameterizedTest(name = "{0}={1}")
  @DisplayName("bad values stop the service with a message naming the key")
  @CsvSource({
      "REEL_DELIVERY_CACHE_MEMORY_BYTES, -1",
      "REEL_DELIVERY_CACHE_DISK_BYTES, lots",
      "REEL_DELIVERY_CACHE_MAX_OBJECT_BYTES, 0",
      "REEL_DELIVERY_CACHE_MAX_OBJECT_BYTES, 2147483648",
      "REEL_DELIVERY_CACHE_MANIFEST_TTL_MS, -5",
      "REEL_DELIVERY_CACHE_ENABLED, maybe"})
  void invalid(String key, String value) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> read(new JsonObject().put(key, value)));

    assertTrue(e.getMessage().startsWith(key), e.getMessage());
  }
}
