package dev.reel.common;

import java.security.SecureRandom;

/**
 * Asset ids: 26 characters of Crockford base32, a 48-bit millisecond timestamp followed by 80
 * random bits (the ULID layout), so ids sort by creation time and can be used as S3 key parts
 * and URL path segments as they are.
 */
public final class AssetId {

  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private AssetId() {
  }

  public static String generate() {
    return generate(System.currentTimeMillis());
  }

  static String generate(long epochMillis) {
    char[] out = new char[26];
    long time = epochMillis;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    long hi = 0;
    for (int i = 0; i < 5; i++) {
      hi = (hi << 8) | (random[i] & 0xff);
    }
    long lo = 0;
    for (int i = 5; i < 10; i++) {
      lo = (lo << 8) | (random[i] & 0xff);
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return new String(out);
  }

  /** True for strings this class could have generated; everything else is rejected at the edge. */
  public static boolean isValid(String candidate) {
    if (candidate == null || candidate.length() != 26) {
      return false;
    }
    // [0-9a-hjkmnp-tv-z]{26}, without a regular expression: this runs on every media request.
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean letter = c >= 'a' && c <= 'z' && c != 'i' && c != 'l' && c != 'o' && c != 'u';
      if (!digit && !letter) {
        return false;
      }
    }
    return true;
  }
}
