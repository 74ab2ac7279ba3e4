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

  @Test
  @DisplayName("admin runs at nice 10 and the others at 0 by default; REEL_<SERVICE>_NICE sets it")
  void niceness() {
    PlatformSettings defaults = PlatformSettings.fromEnvironment(Map.of());
    assertEquals(10, defaults.niceness("admin"));
    for (String service : List.of("ingest", "transcode", "delivery")) {
      assertEquals(0, defaults.niceness(service), service);
    }

    PlatformSettings set = PlatformSettings.fromEnvironment(Map.of("REEL_ADMIN_NICE", "0",
        "REEL_TRANSCODE_NICE", " 19 ", "REEL_INGEST_NICE", ""));
    assertEquals(0, set.niceness("admin"));
    assertEquals(19, set.niceness("transcode"));
    assertEquals(0, set.niceness("ingest"));
    assertEquals(0, set.niceness("delivery"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"-1", "20", "-20", "ten", "1.5", "10 11"})
  @DisplayName("a nice value outside 0-19 is refused, naming the variable and the value")
  void badNiceness(String value) {
    var e = assertThrows(IllegalArgumentException.class, () ->
        PlatformSettings.fromEnvironment(Map.of("REEL_DELIVERY_NICE", value)));
    assertTrue(e.getMessage().startsWith("REEL_DELIVERY_NICE must be a nice value from 0"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("was '" + value + "'"), e.getMessage());
  }
}
