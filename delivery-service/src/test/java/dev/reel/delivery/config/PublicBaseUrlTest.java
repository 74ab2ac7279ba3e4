package dev.reel.delivery.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import dev.reel.common.http.HttpSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublicBaseUrlTest {

  private static PublicBaseUrl read(String value) {
    JsonObject config = new JsonObject();
    if (value != null) {
      config.put(PublicBaseUrl.KEY, value);
    }
    return PublicBaseUrl.read(new ConfigReader(config));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @DisplayName("a configured base is used as it is, without trailing slashes")
  @CsvSource({
      "https://media.example.com, https://media.example.com",
      "https://media.example.com/, https://media.example.com",
      "http://localhost:8080, http://localhost:8080",
      "https://cdn.example.com/reel/, https://cdn.example.com/reel"})
  void configured(String value, String base) {
    assertEquals(base, read(value).resolve(new HttpSettings("0.0.0.0", 8080), 8080,
        false));
  }

  @ParameterizedTest(name = "host {0} port {1} -> {2}")
  @DisplayName("unset, it is the address delivery listens on; loopback for all interfaces")
  @CsvSource({
      "127.0.0.1, 8080, http://127.0.0.1:8080",
      "0.0.0.0, 8080, http://127.0.0.1:8080",
      "media.internal, 9080, http://media.internal:9080",
      "::1, 8080, http://[::1]:8080"})
  void derived(String host, int port, String base) {
    assertEquals(base, read(null).resolve(new HttpSettings(host, port), port, false));
  }

  @Test
  @DisplayName("unset, it is https when delivery speaks TLS; a configured base stays as it is")
  void derivedSecure() {
    HttpSettings http = new HttpSettings("0.0.0.0", 8443);
    assertEquals("https://127.0.0.1:8443", read(null).resolve(http, 8443, true));
    assertEquals("http://cdn.example.com", read("http://cdn.example.com").resolve(http, 8443,
        true));
  }

  @Test
  @DisplayName("with the defaults the base is http://127.0.0.1:8080")
  void defaults() {
    JsonObject config = DeliveryConfig.defaults().put("REEL_API_KEY", "a-key-long-enough-0123")
        .put(AccessSettings.KEY_ID, "K1").put(AccessSettings.PRIVATE_KEY_FILE, "key.pem");
    DeliveryConfig parsed = DeliveryConfig.read(new ConfigReader(config));
    assertEquals("http://127.0.0.1:8080",
        parsed.publicBaseUrl().resolve(parsed.http(), parsed.http().port(), false));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a base that is not a plain http(s) URL stops the service, naming the key")
  @ValueSource(strings = {"media.example.com", "ftp://media.example.com",
      "https://media.example.com/?x=1", "https://media.example.com/#top",
      "https://user:pw@media.example.com", "not a url"})
  void rejected(String value) {
    ConfigException e = assertThrows(ConfigException.class, () -> read(value));
    assertTrue(e.getMessage().contains(PublicBaseUrl.KEY), e.getMessage());
  }
}
