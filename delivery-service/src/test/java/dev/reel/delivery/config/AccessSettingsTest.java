package dev.reel.delivery.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import dev.reel.delivery.signing.KeyRing;
import dev.reel.delivery.signing.PemKeys;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessSettingsTest {

  private static KeyPair main;
  private static KeyPair other;

  @TempDir
  Path dir;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    main = generator.generateKeyPair();
    other = generator.generateKeyPair();
  }

  private static AccessSettings read(JsonObject values) {
    return AccessSettings.read(new ConfigReader(AccessSettings.defaults().mergeIn(values)));
  }

  private static String refusal(JsonObject values) {
    return assertThrows(ConfigException.class, () -> read(values)).getMessage();
  }

  private Path privatePem(String name, KeyPair pair) throws Exception {
    return Files.writeString(dir.resolve(name), PemKeys.privateKeyPem(
        (RSAPrivateKey) pair.getPrivate()));
  }

  private Path publicPem(String name, KeyPair pair) throws Exception {
    return Files.writeString(dir.resolve(name), PemKeys.publicKeyPem(
        (RSAPublicKey) pair.getPublic()));
  }

  @Test
  @DisplayName("by default media is private, URLs live an hour, nothing is public or redirected")
  void defaults() {
    AccessSettings settings = read(new JsonObject().put(AccessSettings.KEY_ID, "K1")
        .put(AccessSettings.PRIVATE_KEY_FILE, "key.pem"));
    assertTrue(settings.signingRequired());
    assertEquals(Duration.ofHours(1), settings.urlTtl());
    assertEquals(List.of(), settings.publicAssets());
    assertFalse(settings.redirectPresigned());
    assertEquals(Duration.ofMinutes(5), settings.presignTtl());
  }

  @Test
  @DisplayName("private media without any key is refused, naming the keys and the way out")
  void keyRequired() {
    String message = refusal(new JsonObject());
    assertTrue(message.contains(AccessSettings.KEY_ID), message);
    assertTrue(message.contains(AccessSettings.SIGNING_REQUIRED + "=false"), message);
    assertFalse(read(new JsonObject().put(AccessSettings.SIGNING_REQUIRED, "false"))
        .signingRequired());
  }

  @Test
  @DisplayName("a key pair id needs its private key file, and the other way round")
  void keyIdAndFileTogether() {
    assertTrue(refusal(new JsonObject().put(AccessSettings.KEY_ID, "K1"))
        .contains("must be set together"));
    assertTrue(refusal(new JsonObject().put(AccessSettings.PRIVATE_KEY_FILE, "key.pem"))
        .contains("must be set together"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("malformed verifying key lists are refused")
  @ValueSource(strings = {"K1", "=key.pem", "K1=", "K 1=key.pem", "K1=a.pem,K1=b.pem"})
  void badPublicKeys(String value) {
    refusal(new JsonObject().put(AccessSettings.PUBLIC_KEYS, value));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("URL lifetimes out of range and odd public asset patterns are refused")
  @ValueSource(strings = {"REEL_SIGNING_URL_TTL_SECONDS=0",
      "REEL_SIGNING_URL_TTL_SECONDS=31536001", "REEL_DELIVERY_PRESIGN_TTL_SECONDS=604801",
      "REEL_DELIVERY_PUBLIC_ASSETS=01abc?", "REEL_DELIVERY_PUBLIC_ASSETS=a b",
      "REEL_DELIVERY_PUBLIC_ASSETS=not-an-id", "REEL_DELIVERY_PUBLIC_ASSETS=*/../x",
      "REEL_DELIVERY_PUBLIC_ASSETS=01m8n6abcdefghjkmnpqrstvwx/../x",
      "REEL_DELIVERY_PUBLIC_ASSETS=*//thumbs", "REEL_DELIVERY_PUBLIC_ASSETS=thumbs/*"})
  void ranges(String setting) {
    String[] parts = setting.split("=", 2);
    refusal(new JsonObject().put(AccessSettings.SIGNING_REQUIRED, "false")
        .put(parts[0], parts[1]));
  }

  @Test
  @DisplayName("the ring holds the signing key and every verifying key, by key pair id")
  void loadsKeys() throws Exception {
    KeyRing ring = read(new JsonObject().put(AccessSettings.KEY_ID, "K1")
        .put(AccessSettings.PRIVATE_KEY_FILE, privatePem("main.pem", main).toString())
        .put(AccessSettings.PUBLIC_KEYS, "K0=" + publicPem("old.pub.pem", other)
            + ",K1=" + publicPem("main.pub.pem", main))).loadKeys();
    assertEquals("K1", ring.signingKey().orElseThrow().keyId());
    assertEquals(main.getPublic(), ring.publicKey("K1").orElseThrow());
    assertEquals(other.getPublic(), ring.publicKey("K0").orElseThrow());
  }

  @Test
  @DisplayName("verifying keys alone are enough: delivery then checks, and signs nothing")
  void verifyOnly() throws Exception {
    KeyRing ring = read(new JsonObject().put(AccessSettings.PUBLIC_KEYS,
        "K0=" + privatePem("app.pem", other))).loadKeys();
    assertTrue(ring.signingKey().isEmpty());
    assertEquals(other.getPublic(), ring.publicKey("K0").orElseThrow());
  }

  @Test
  @DisplayName("a missing key file, a public key as the private one, or one id with two keys "
      + "stops the start with the setting's name")
  void unusableKeys() throws Exception {
    String missing = assertThrows(ConfigException.class, () -> read(new JsonObject()
        .put(AccessSettings.KEY_ID, "K1").put(AccessSettings.PRIVATE_KEY_FILE,
            dir.resolve("absent.pem").toString())).loadKeys()).getMessage();
    String wrongKind = assertThrows(ConfigException.class, () -> read(new JsonObject()
        .put(AccessSettings.KEY_ID, "K1").put(AccessSettings.PRIVATE_KEY_FILE,
            publicPem("pub.pem", main).toString())).loadKeys()).getMessage();
    Path otherPublic = publicPem("other.pub.pem", other);
    String clash = assertThrows(ConfigException.class, () -> read(new JsonObject()
        .put(AccessSettings.KEY_ID, "K1").put(AccessSettings.PRIVATE_KEY_FILE,
            privatePem("main.pem", main).toString())
        .put(AccessSettings.PUBLIC_KEYS, "K1=" + otherPublic)).loadKeys()).getMessage();

    assertTrue(missing.startsWith(AccessSettings.PRIVATE_KEY_FILE + ": cannot read"), missing);
    assertTrue(wrongKind.startsWith(AccessSettings.PRIVATE_KEY_FILE + ": "), wrongKind);
    assertFalse(wrongKind.contains("MII"), "the key itself is never quoted");
    assertTrue(clash.contains("K1"), clash);
  }

  @Test
  @DisplayName("keys shorter than 2048 bits are refused, as CloudFront refuses them")
  void shortKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    Path weak = privatePem("weak.pem", generator.generateKeyPair());
    String message = assertThrows(ConfigException.class, () -> read(new JsonObject()
        .put(AccessSettings.KEY_ID, "K1").put(AccessSettings.PRIVATE_KEY_FILE, weak.toString()))
        .loadKeys()).getMessage();
    assertTrue(message.contains("2048"), message);
  }
}
