package dev.reel.delivery.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UrlSafeBase64Test {

  /** Bytes whose standard Base64 holds all three characters CloudFront replaces: "+~/=". */
  private static final byte[] AWKWARD = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x01};

  @Test
  @DisplayName("'+' becomes '-', '=' becomes '_', '/' becomes '~'")
  void replacesThreeCharacters() {
    assertEquals("+/+/AQ==", java.util.Base64.getEncoder().encodeToString(AWKWARD));
    assertEquals("-~-~AQ__", UrlSafeBase64.encode(AWKWARD));
  }

  @Test
  @DisplayName("decoding reverses encoding, and standard Base64 is read too")
  void roundTrip() {
    assertArrayEquals(AWKWARD, UrlSafeBase64.decode("-~-~AQ__"));
    assertArrayEquals(AWKWARD, UrlSafeBase64.decode("+/+/AQ=="));
  }

  @Test
  @DisplayName("anything else is refused")
  void refusesGarbage() {
    assertThrows(IllegalArgumentException.class, () -> UrlSafeBase64.decode("not base64!"));
  }
}
