package dev.reel.delivery.signing;

import java.util.Base64;

/**
 * CloudFront's URL-safe variant of Base64: standard Base64, padding kept, with {@code +} written
 * as {@code -}, {@code =} as {@code _} and {@code /} as {@code ~}. It is not RFC 4648's URL-safe
 * alphabet, so neither JDK encoder produces it.
 */
public final class UrlSafeBase64 {

  private UrlSafeBase64() {
  }

  public static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes)
        .replace('+', '-').replace('=', '_').replace('/', '~');
  }

  /**
   * The bytes of a CloudFront-encoded value. Standard Base64 characters are accepted too, as
   * some hand-written signers leave them in.
   *
   * @throws IllegalArgumentException when the value is not Base64 in either spelling
   */
  public static byte[] decode(String encoded) {
    String standard = encoded.replace('-', '+').replace('_', '=').replace('~', '/');
    return Base64.getDecoder().decode(standard);
  }
}
