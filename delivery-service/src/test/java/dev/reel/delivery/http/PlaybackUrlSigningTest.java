package dev.reel.delivery.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.delivery.signing.PublicAssets;
import dev.reel.delivery.signing.SigningKey;
import dev.reel.delivery.signing.UrlSigner;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlaybackUrlSigningTest {

  private static final String BASE = "https://media.example.test";
  private static final String ID = "01jh0000000000000000000aaa";
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static UrlSigner signer;

  @BeforeAll
  static void key() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    signer = new UrlSigner(new SigningKey("K1",
        (RSAPrivateKey) generator.generateKeyPair().getPrivate()));
  }

  private static UnaryOperator<String> signing(Optional<UrlSigner> with, List<String> open) {
    return new PlaybackUrlSigning(with, PublicAssets.of(open), Duration.ofMinutes(10),
        Clock.fixed(NOW, ZoneOffset.UTC)).forBase(BASE);
  }

  @Test
  @DisplayName("a private URL is signed with a canned policy until now plus the lifetime")
  void signsPrivate() {
    String url = BASE + "/v1/media/" + ID + "/master.m3u8";
    String signed = signing(Optional.of(signer), List.of()).apply(url);
    assertTrue(signed.startsWith(url + "?Expires=" + NOW.plusSeconds(600).getEpochSecond()
        + "&Signature="), signed);
    assertTrue(signed.endsWith("&Key-Pair-Id=K1"), signed);
  }

  @Test
  @DisplayName("public files, and everything without a key, are handed out unsigned")
  void leavesPublic() {
    String poster = BASE + "/v1/media/" + ID + "/thumbs/poster.jpg";
    assertEquals(poster, signing(Optional.of(signer), List.of("*/thumbs/*")).apply(poster));
    assertEquals(poster, signing(Optional.empty(), List.of()).apply(poster));
  }
}
