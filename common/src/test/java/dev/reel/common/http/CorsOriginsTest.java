package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CorsOriginsTest {

  private static final String KEY = "REEL_SOME_CORS_ORIGINS";

  private static CorsOrigins read(String value) {
    return CorsOrigins.read(new ConfigReader(new JsonObject().put(KEY, value)), KEY);
  }

  @Test
  @DisplayName("an origin is echoed only when listed, compared as browsers serialise it")
  void listed() {
    CorsOrigins origins = read("https://Player.Example:443/, http://localhost:8000");

    assertEquals(Optional.of("https://player.example"),
        origins.allowOriginFor("https://player.example"));
    assertEquals(Optional.empty(), origins.allowOriginFor("https://other.example"));
    assertEquals(KEY, origins.key());
  }

  @Test
  @DisplayName("a bad entry stops the service with the service's own key in the message")
  void badEntryNamesKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> read("player.example"));
    assertTrue(e.getMessage().startsWith(KEY), e.getMessage());
  }

  @Test
  @DisplayName("a preflight is allowed the fixed headers, and asked-for ones the policy accepts, "
      + "once")
  void policyHeaders() {
    var policy = new CorsHandler.Policy(List.of("GET"), List.of("Range"), List.of("ETag"),
        name -> name.startsWith("x-a-"));

    assertEquals("Range, X-A-One", policy.allowedHeadersFor("range, X-A-One, x-a-one, X-B"));
    assertEquals("Range", policy.allowedHeadersFor(null));
  }
}
