package dev.reel.delivery.signing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.Optional;

/** RSA key pairs for the signing tests, generated once per test JVM (it takes a moment). */
final class TestKeys {

  static final KeyPair PAIR = generate();
  static final KeyPair OTHER = generate();
  static final String KEY_ID = "K2TESTKEY00001";

  private TestKeys() {
  }

  static RSAPrivateKey privateKey() {
    return (RSAPrivateKey) PAIR.getPrivate();
  }

  static RSAPublicKey publicKey() {
    return (RSAPublicKey) PAIR.getPublic();
  }

  static SigningKey signingKey() {
    return new SigningKey(KEY_ID, privateKey());
  }

  /** A ring that knows {@link #PAIR} as {@link #KEY_ID}, and signs with it. */
  static KeyRing ring() {
    return new KeyRing(Map.of(KEY_ID, publicKey()), Optional.of(signingKey()));
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
