package dev.reel.delivery.signing;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a viewer presents: a CloudFront signature with its policy (custom) or expiry (canned),
 * from the query string of a signed URL or from signed cookies. Nothing here is trusted yet.
 *
 * @param fromCookies whether it came in cookies rather than in the URL
 * @param encodedPolicy a custom policy, CloudFront-Base64; empty for a canned policy
 * @param expires a canned policy's {@code Expires}, in epoch seconds; 0 for a custom policy
 * @param signature the signature, CloudFront-Base64
 */
public record Credentials(boolean fromCookies, Optional<String> encodedPolicy, long expires,
    String signature, String keyPairId, HashAlgorithm hashAlgorithm) {

  public static final String EXPIRES = "Expires";
  public static final String POLICY = "Policy";
  public static final String SIGNATURE = "Signature";
  public static final String KEY_PAIR_ID = "Key-Pair-Id";
  public static final String HASH_ALGORITHM = "Hash-Algorithm";
  /** The query parameters a signed URL adds; none of them is part of a canned resource. */
  public static final Set<String> QUERY_PARAMETERS =
      Set.of(EXPIRES, POLICY, SIGNATURE, KEY_PAIR_ID, HASH_ALGORITHM);
  public static final String COOKIE_PREFIX = "CloudFront-";

  private static final int MAX_POLICY = 8192;
  private static final int MAX_SIGNATURE = 2048;
  private static final int MAX_KEY_ID = 128;
  /** Compiled once: a canned URL's Expires is read on every request it makes. */
  private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}");

  public boolean canned() {
    return encodedPolicy.isEmpty();
  }

  /**
   * The credentials of a signed URL, if its query has any signing parameter.
   *
   * @throws ApiException when they are incomplete or malformed
   */
  public static Optional<Credentials> fromQuery(RequestQuery query) {
    if (!query.has(SIGNATURE) && !query.has(POLICY) && !query.has(EXPIRES)
        && !query.has(KEY_PAIR_ID)) {
      return Optional.empty();
    }
    return Optional.of(read(false, query::first, ""));
  }

  /**
   * The credentials of CloudFront signed cookies ({@code CloudFront-Signature} and the rest), if
   * there are any.
   *
   * @param cookie a cookie's value by name, or null
   */
  public static Optional<Credentials> fromCookies(Function<String, String> cookie) {
    Function<String, Optional<String>> named =
        name -> Optional.ofNullable(cookie.apply(COOKIE_PREFIX + name));
    if (named.apply(SIGNATURE).isEmpty() && named.apply(POLICY).isEmpty()
        && named.apply(EXPIRES).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(read(true, named, COOKIE_PREFIX));
  }

  /** This presentation as signed-URL query parameters, to pass on unchanged. */
  public String toQuery() {
    StringBuilder query = new StringBuilder();
    if (canned()) {
      query.append(EXPIRES).append('=').append(expires);
    } else {
      query.append(POLICY).append('=').append(RequestQuery.encode(encodedPolicy.get()));
    }
    query.append('&').append(SIGNATURE).append('=').append(RequestQuery.encode(signature))
        .append('&').append(KEY_PAIR_ID).append('=').append(RequestQuery.encode(keyPairId));
    if (hashAlgorithm != HashAlgorithm.SHA1) {
      query.append('&').append(HASH_ALGORITHM).append('=').append(hashAlgorithm.name());
    }
    return query.toString();
  }

  private static Credentials read(boolean cookies, Function<String, Optional<String>> value,
      String prefix) {
    String signature = value.apply(SIGNATURE).filter(s -> !s.isEmpty())
        .orElseThrow(() -> missing(prefix + SIGNATURE));
    String keyPairId = value.apply(KEY_PAIR_ID).filter(s -> !s.isEmpty())
        .orElseThrow(() -> missing(prefix + KEY_PAIR_ID));
    if (signature.length() > MAX_SIGNATURE) {
      throw new ApiException(ErrorCode.SIGNATURE_INVALID, prefix + SIGNATURE + " is too long");
    }
    if (keyPairId.length() > MAX_KEY_ID) {
      throw new ApiException(ErrorCode.UNKNOWN_KEY, prefix + KEY_PAIR_ID + " is too long");
    }
    Optional<String> hashName = value.apply(HASH_ALGORITHM);
    HashAlgorithm hash = HashAlgorithm.named(hashName.orElse(null))
        .orElseThrow(() -> new ApiException(ErrorCode.SIGNATURE_INVALID, prefix + HASH_ALGORITHM
            + " must be SHA1 or SHA256"));
    // A custom policy wins over an Expires that came along (a canned cookie of another path).
    Optional<String> policy = value.apply(POLICY).filter(p -> !p.isEmpty());
    if (policy.isPresent()) {
      if (policy.get().length() > MAX_POLICY) {
        throw new ApiException(ErrorCode.POLICY_INVALID, prefix + POLICY + " is too long");
      }
      return new Credentials(cookies, policy, 0, signature, keyPairId, hash);
    }
    String expires = value.apply(EXPIRES)
        .orElseThrow(() -> missing(prefix + EXPIRES + "' or '" + prefix + POLICY));
    if (!EPOCH_SECONDS.matcher(expires).matches()) {
      throw new ApiException(ErrorCode.POLICY_INVALID, prefix + EXPIRES
          + " must be a time in seconds since the epoch");
    }
    return new Credentials(cookies, Optional.empty(), Long.parseLong(expires), signature,
        keyPairId, hash);
  }

  private static ApiException missing(String what) {
    return new ApiException(ErrorCode.MISSING_SIGNATURE, "the signature is incomplete: '" + what
        + "' is missing");
  }
}
