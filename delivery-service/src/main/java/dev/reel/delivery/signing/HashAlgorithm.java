package dev.reel.delivery.signing;

import java.util.Locale;
import java.util.Optional;

/**
 * The digest under the RSA signature. SHA-1 is CloudFront's default and what every signer
 * produces unless asked; SHA-256 is named by {@code Hash-Algorithm=SHA256} (the
 * {@code CloudFront-Hash-Algorithm} cookie), as the AWS SDK writes it.
 */
public enum HashAlgorithm {
  SHA1("SHA1withRSA"),
  SHA256("SHA256withRSA");

  private final String jcaName;

  HashAlgorithm(String jcaName) {
    this.jcaName = jcaName;
  }

  /** The JCA name of the signature scheme, for {@link java.security.Signature#getInstance}. */
  public String jcaName() {
    return jcaName;
  }

  /** The algorithm a {@code Hash-Algorithm} value names: SHA-1 when absent, empty if unknown. */
  public static Optional<HashAlgorithm> named(String value) {
    if (value == null) {
      return Optional.of(SHA1);
    }
    return switch (value.toUpperCase(Locale.ROOT)) {
      case "SHA1" -> Optional.of(SHA1);
      case "SHA256" -> Optional.of(SHA256);
      default -> Optional.empty();
    };
  }
}
