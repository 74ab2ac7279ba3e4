package dev.reel.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import dev.reel.common.http.CorsOrigins;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorsSettingsTest {

  private static CorsOrigins read(String origins) {
    JsonObject config = IngestConfig.defaults().put("REEL_API_KEY", "0123456789abcdef-ingest");
    if (origins != null) {
      config.put(CorsSettings.ORIGINS, origins);
    }
    return IngestConfig.read(new ConfigReader(config)).cors();
  }

  @Test
  @DisplayName("by default any origin may call, and is answered with *")
  void anyOriginByDefault() {
    CorsOrigins cors = read(null);
    assertTrue(cors.anyOrigin());
    assertEquals(Optional.of("*"), cors.allowOriginFor("https://anywhere.example"));
  }

  @Test
  @DisplayName("a list of origins is normalised as browsers send them; only those are echoed")
  void listedOrigins() {
    CorsOrigins cors = read(" https://App.Example.com/ , http://localhost:3000,"
        + "https://cdn.example.com:443");
    assertFalse(cors.anyOrigin());
    assertEquals(Set.of("https://app.example.com", "http://localhost:3000",
        "https://cdn.example.com"), cors.origins());
    assertEquals(Optional.of("http://localhost:3000"),
        cors.allowOriginFor("http://localhost:3000"));
    assertEquals(Optional.empty(), cors.allowOriginFor("http://localhost:3001"));
    assertEquals(Optional.empty(), cors.allowOriginFor("https://evil.example"));
    assertEquals(Optional.empty(), cors.allowOriginFor("null"));
  }

  @Test
  @DisplayName("an empty value lets no browser origin call")
  void emptyMeansNone() {
    CorsOrigins cors = read("");
    assertFalse(cors.anyOrigin());
    assertEquals(Optional.empty(), cors.allowOriginFor("http://localhost:3000"));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("* mixed with origins, paths, queries, credentials or non-URLs stop the service, "
      + "naming the key")
  @ValueSource(strings = {"*,https://a.example", "https://a.example/upload", "a.example",
      "https://a.example?x=1", "https://user@a.example", "https://a .example", "//a.example"})
  void rejected(String origins) {
    ConfigException e = assertThrows(ConfigException.class, () -> read(origins));
    assertTrue(e.getMessage().contains(CorsSettings.ORIGINS), e.getMessage());
  }
}
