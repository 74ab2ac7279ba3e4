package dev.reel.delivery.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PemKeysTest {

  @Test
  @DisplayName("a PKCS#8 PRIVATE KEY reads back as the same key")
  void pkcs8() {
    String pem = PemKeys.privateKeyPem(TestKeys.privateKey());
    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertEquals(TestKeys.privateKey(), PemKeys.privateKey(pem));
  }

  @Test
  @DisplayName("a PKCS#1 RSA PRIVATE KEY (older openssl genrsa) reads as the same key")
  void pkcs1Private() {
    // For a 2048-bit key the PKCS#8 header before the PKCS#1 structure is 26 bytes long.
    byte[] pkcs8 = TestKeys.privateKey().getEncoded();
    byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    String pem = "-----BEGIN RSA PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n";
    assertEquals(TestKeys.privateKey(), PemKeys.privateKey(pem));
  }

  @Test
  @DisplayName("a PUBLIC KEY, an RSA PUBLIC KEY and a private key all give the public key")
  void publicKeys() {
    byte[] spki = TestKeys.publicKey().getEncoded();
    byte[] pkcs1 = Arrays.copyOfRange(spki, 24, spki.length);
    String rsaPublic = "-----BEGIN RSA PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pkcs1) + "\n-----END RSA PUBLIC KEY-----\n";

    assertEquals(TestKeys.publicKey(), PemKeys.publicKey(PemKeys.publicKeyPem(
        TestKeys.publicKey())));
    assertEquals(TestKeys.publicKey(), PemKeys.publicKey(rsaPublic));
    assertEquals(TestKeys.publicKey(), PemKeys.publicKey(PemKeys.privateKeyPem(
        TestKeys.privateKey())));
  }

  @Test
  @DisplayName("text around the PEM block (openssl's comments) is ignored")
  void surroundingText() {
    String pem = "Key for Reel\n" + PemKeys.privateKeyPem(TestKeys.privateKey()) + "trailer\n";
    assertEquals(TestKeys.privateKey(), PemKeys.privateKey(pem));
  }

  @Test
  @DisplayName("no PEM, a public key where a private one is needed, or an encrypted key: "
      + "refused, without quoting the key")
  void refusals() {
    String publicPem = PemKeys.publicKeyPem(TestKeys.publicKey());
    String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
        + "-----END ENCRYPTED PRIVATE KEY-----\n";
    String legacyEncrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
        + "DEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";

    assertThrows(IllegalArgumentException.class, () -> PemKeys.privateKey("hello"));
    var wrongKind = assertThrows(IllegalArgumentException.class,
        () -> PemKeys.privateKey(publicPem));
    assertTrue(wrongKind.getMessage().contains("PUBLIC KEY"));
    assertTrue(!wrongKind.getMessage().contains("MII"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PemKeys.privateKey(encrypted))
        .getMessage().contains("encrypted"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> PemKeys.privateKey(legacyEncrypted)).getMessage().contains("encrypted"));
  }
}
