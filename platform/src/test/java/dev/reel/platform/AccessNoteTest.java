package dev.reel.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.delivery.config.DeliveryConfig;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What `./reel up` says of who may play media, for the settings delivery reads. */
class AccessNoteTest {

  private static String note(Map<String, String> env) {
    return PlatformMain.accessNote(env::get);
  }

  @Test
  @DisplayName("by default media is private and the banner says how to sign")
  void privateByDefault() {
    assertEquals("media is private: sign playback URLs with it, see \"Signed playback\" in the "
        + "README", note(Map.of()));
    assertEquals(note(Map.of()), note(Map.of("REEL_DELIVERY_PUBLIC_ASSETS", " ")));
  }

  @Test
  @DisplayName("every asset public, some assets public, or signing off: the banner says so")
  void publicAssetsAndSigningOff() {
    assertEquals("every asset is public (REEL_DELIVERY_PUBLIC_ASSETS=*): no signature needed",
        note(Map.of("REEL_DELIVERY_PUBLIC_ASSETS", "*")));
    assertEquals("media is private except REEL_DELIVERY_PUBLIC_ASSETS=01jgq3k5m8c2v7w9x4y6z0a1b3,"
            + "*/thumbs/*: sign playback URLs with it, see \"Signed playback\" in the README",
        note(Map.of("REEL_DELIVERY_PUBLIC_ASSETS", "01jgq3k5m8c2v7w9x4y6z0a1b3,*/thumbs/*")));
    assertEquals("signing is off (REEL_SIGNING_REQUIRED=false): every asset plays unsigned",
        note(Map.of("REEL_SIGNING_REQUIRED", "FALSE", "REEL_DELIVERY_PUBLIC_ASSETS", "*")));
    assertEquals(note(Map.of()), note(Map.of("REEL_SIGNING_REQUIRED", "true")));
  }

  @Test
  @DisplayName("the banner's delivery address is https once delivery has a certificate")
  void deliveryScheme() {
    assertEquals("http", PlatformMain.deliveryScheme(Map.<String, String>of()::get));
    assertEquals("http", PlatformMain.deliveryScheme(
        Map.of(DeliveryConfig.TLS_CERT_FILE, " ")::get));
    assertEquals("https", PlatformMain.deliveryScheme(
        Map.of(DeliveryConfig.TLS_CERT_FILE, "/etc/reel/tls.crt")::get));
  }
}
