package dev.reel.delivery.signing;

import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.Optional;

/**
 * The keys delivery checks signatures with, by key pair id (the {@code Key-Pair-Id} of a signed
 * URL), like a CloudFront key group: several are active at once so keys can be rotated. The
 * signing key, if there is one, is always among them.
 */
public record KeyRing(Map<String, RSAPublicKey> publicKeys, Optional<SigningKey> signingKey) {

  public KeyRing {
    publicKeys = Map.copyOf(publicKeys);
    if (signingKey.isPresent() && !publicKeys.containsKey(signingKey.get().keyId())) {
      throw new IllegalArgumentException("the signing key must be one of the verifying keys");
    }
  }

  public Optional<RSAPublicKey> publicKey(String keyPairId) {
    return Optional.ofNullable(publicKeys.get(keyPairId));
  }
}
