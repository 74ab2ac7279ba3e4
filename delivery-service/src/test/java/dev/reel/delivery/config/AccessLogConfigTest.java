package dev.reel.delivery.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLogConfigTest {

  private static DeliveryConfig read(JsonObject overrides) {
    return DeliveryConfig.read(new ConfigReader(DeliveryConfig.defaults()
        .put("REEL_API_KEY", "a-test-api-key-of-16+")
        // These tests are about access logs; signing has tests of its own.
        .put("REEL_SIGNING_REQUIRED", "false").mergeIn(overrides)));
  }

  @Test
  @DisplayName("by default 10000 records may wait, 200 ms each at most, and no proxy is trusted")
  void defaults() {
    DeliveryConfig config = read(new JsonObject());

    assertEquals(new AccessLogSettings(10_000, Duration.ofMillis(200)), config.accessLog());
    assertTrue(config.trustedProxies().isEmpty());
  }

  @Test
  @DisplayName("trusted proxies are a comma-separated list of CIDR ranges")
  void trustedProxies() {
    DeliveryConfig config = read(new JsonObject()
        .put(DeliveryConfig.TRUSTED_PROXIES, "10.0.0.0/8, 2001:db8::/32,192.0.2.1"));

    assertEquals("203.0.113.9", config.trustedProxies().clientIp("10.1.1.1",
        List.of("203.0.113.9")));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "REEL_DELIVERY_TRUSTED_PROXIES, 10.0.0.0/8;10.1.0.0/16",
      "REEL_DELIVERY_TRUSTED_PROXIES, 10.0.0.0/40",
      "REEL_DELIVERY_ACCESS_LOG_BUFFER, 0",
      "REEL_DELIVERY_ACCESS_LOG_BUFFER, many",
      "REEL_DELIVERY_ACCESS_LOG_LINGER_MS, 5",
      "REEL_DELIVERY_ACCESS_LOG_LINGER_MS, 60000"})
  @DisplayName("a bad value stops the service with a message naming the key")
  void badValues(String key, String value) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> read(new JsonObject().put(key, value)));
    assertTrue(e.getMessage().startsWith(key), e.getMessage());
  }
}
