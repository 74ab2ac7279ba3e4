package dev.reel.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformSettingsTest {

  @Test
  @DisplayName("every service starts with the defaults; its own variable adds options after them")
  void jvmOptionsPerService() {
    PlatformSettings settings = PlatformSettings.fromEnvironment(Map.of(
        "REEL_DELIVERY_JVM_OPTIONS", "  -Xms768m\t-Xmx768m  -XX:+AlwaysPreTouch ",
        "REEL_ADMIN_JVM_OPTIONS", " "));

    assertEquals(List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError", "-Xms768m", "-Xmx768m",
        "-XX:+AlwaysPreTouch"), settings.jvmOptions("delivery"));
    for (String service : List.of("ingest", "transcode", "admin")) {
      assertEquals(PlatformSettings.SERVICE_JVM_OPTIONS, settings.jvmOptions(service), service);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"1g|1g", "-Xmx1g other.jar|other.jar", "-jar|-jar",
      "-Xmx1g -jar x.jar|-jar"})
  @DisplayName("a word that is not a JVM option is refused, naming the variable and the word")
  void notAnOption(String value, String word) {
    var e = assertThrows(IllegalArgumentException.class, () ->
        PlatformSettings.fromEnvironment(Map.of("REEL_TRANSCODE_JVM_OPTIONS", value)));
    assertTrue(e.getMessage().startsWith("REEL_TRANSCODE_JVM_OPTIONS "), e.getMessage());
    assertTrue(e.getMessage().endsWith("'" + word + "' is not one"), e.getMessage());
  }
}
