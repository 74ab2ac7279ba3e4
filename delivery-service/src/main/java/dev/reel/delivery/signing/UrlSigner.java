package dev.reel.delivery.signing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Signs as CloudFront's signers do (SHA-1 with RSA, CloudFront-Base64), so what delivery signs
 * and what an application signs with the AWS SDK are the same thing.
 */
public final class UrlSigner {

  private final SigningKey key;

  public UrlSigner(SigningKey key) {
    this.key = key;
  }

  /** {@code url} with a canned policy that expires at {@code expires}, as the AWS SDK writes it. */
  public String cannedUrl(String url, Instant expires) {
    long seconds = expires.getEpochSecond();
    byte[] signature = key.sign(Policy.cannedJson(url, seconds).getBytes(StandardCharsets.UTF_8),
        HashAlgorithm.SHA1);
    return url + (url.indexOf('?') >= 0 ? '&' : '?')
        + Credentials.EXPIRES + "=" + seconds
        + "&" + Credentials.SIGNATURE + "=" + UrlSafeBase64.encode(signature)
        + "&" + Credentials.KEY_PAIR_ID + "=" + key.keyId();
  }

  /** The query parameters of a URL signed with {@code policy}, a custom policy. */
  public String customQuery(Policy policy) {
    byte[] json = policy.toJson().getBytes(StandardCharsets.UTF_8);
    return Credentials.POLICY + "=" + UrlSafeBase64.encode(json)
        + "&" + Credentials.SIGNATURE + "=" + UrlSafeBase64.encode(key.sign(json,
        HashAlgorithm.SHA1))
        + "&" + Credentials.KEY_PAIR_ID + "=" + key.keyId();
  }

  /**
   * The policy that lets a player fetch the files a manifest names: everything under {@code
   * directoryUrl} (a URL ending in {@code /}), with the same expiry and client-address condition
   * as the request that fetched the manifest.
   */
  public static Policy directoryScope(String directoryUrl, Policy granted) {
    return new Policy(Optional.of(new ResourcePattern(directoryUrl + "*")),
        granted.dateLessThan(), Optional.empty(), granted.sourceIp());
  }
}
