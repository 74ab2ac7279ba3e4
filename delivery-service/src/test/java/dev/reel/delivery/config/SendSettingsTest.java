package dev.reel.delivery.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SendSettingsTest {

  private static SendSettings read(JsonObject overrides) {
    return DeliveryConfig.read(new ConfigReader(DeliveryConfig.defaults()
        .put("REEL_API_KEY", "a-test-api-key-of-16+")
        .put("REEL_SIGNING_REQUIRED", "false").mergeIn(overrides))).send();
  }

  @Test
  @DisplayName("by default each viewer's socket is asked for a 256 KiB send buffer")
  void defaults() {
    SendSettings send = read(new JsonObject());

    assertEquals(256 * 1024, send.bufferBytes());
    assertFalse(send.kernelSized());
  }

  @Test
  @DisplayName("0 leaves the send buffer to the kernel; the bounds themselves are accepted")
  void kernelSizedAndBounds() {
    assertTrue(read(new JsonObject().put(SendSettings.BUFFER_BYTES, "0")).kernelSized());
    assertEquals(64 * 1024,
        read(new JsonObject().put(SendSettings.BUFFER_BYTES, "65536")).bufferBytes());
    assertEquals(64 * 1024 * 1024,
        read(new JsonObject().put(SendSettings.BUFFER_BYTES, "67108864")).bufferBytes());
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"-1", "1", "32768", "65535", "67108865", "256k", ""})
  @DisplayName("a size below 64 KiB (other than 0), above 64 MiB or not a number stops the "
      + "service with a message naming the key")
  void badValues(String value) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> read(new JsonObject().put(SendSettings.BUFFER_BYTES, value)));
    assertTrue(e.getMessage().startsWith(SendSettings.BUFFER_BYTES), e.getMessage());
  }
}
