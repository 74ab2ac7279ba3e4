package dev.reel.delivery.signing;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Checks a signed request the way CloudFront does. The signature is checked before anything it
 * vouches for is read, so an unauthenticated caller learns only that its signature is wrong,
 * never which condition it would have failed; messages never say anything about the keys.
 */
public final class AccessVerifier {

  private final KeyRing keys;

  public AccessVerifier(KeyRing keys) {
    this.keys = keys;
  }

  /**
   * @param urls the URL of the request as the viewer addressed it (public base, path, and query
   *     without the signing parameters), first; then any other spelling the signer may have
   *     signed, such as the URL without Reel's own {@code redirect} parameter
   * @throws ApiException with the reason when the request may not pass
   */
  public Verified verify(Credentials credentials, List<String> urls, InetAddress client,
      Instant now) {
    RSAPublicKey key = keys.publicKey(credentials.keyPairId())
        .orElseThrow(() -> new ApiException(ErrorCode.UNKNOWN_KEY,
            "the Key-Pair-Id is not one this service accepts"));
    byte[] signature;
    try {
      signature = UrlSafeBase64.decode(credentials.signature());
    } catch (IllegalArgumentException e) {
      throw signatureInvalid();
    }
    Policy policy = credentials.canned()
        ? cannedPolicy(credentials, urls, key, signature)
        : customPolicy(credentials, urls, key, signature);
    if (now.getEpochSecond() >= policy.dateLessThan().getEpochSecond()) {
      throw new ApiException(ErrorCode.EXPIRED, "the signature expired at "
          + policy.dateLessThan());
    }
    Optional<Instant> from = policy.dateGreaterThan();
    if (from.isPresent() && now.getEpochSecond() < from.get().getEpochSecond()) {
      throw new ApiException(ErrorCode.NOT_YET_VALID, "the signature is valid from "
          + from.get());
    }
    if (policy.sourceIp().isPresent() && !policy.sourceIp().get().contains(client)) {
      throw new ApiException(ErrorCode.IP_NOT_ALLOWED, "the policy does not allow requests from "
          + client.getHostAddress());
    }
    return new Verified(credentials, policy);
  }

  /** A canned policy covers exactly the URL it was signed for: rebuild it, and check. */
  private static Policy cannedPolicy(Credentials credentials, List<String> urls, RSAPublicKey key,
      byte[] signature) {
    for (String url : urls) {
      byte[] policy = Policy.cannedJson(url, credentials.expires())
          .getBytes(StandardCharsets.UTF_8);
      if (valid(policy, signature, key, credentials.hashAlgorithm())) {
        return new Policy(Optional.of(new ResourcePattern(url)),
            Instant.ofEpochSecond(credentials.expires()), Optional.empty(), Optional.empty());
      }
    }
    // A canned policy names no resource of its own: another URL reads as a wrong signature.
    throw signatureInvalid();
  }

  private static Policy customPolicy(Credentials credentials, List<String> urls,
      RSAPublicKey key, byte[] signature) {
    byte[] json;
    try {
      json = UrlSafeBase64.decode(credentials.encodedPolicy().orElseThrow());
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorCode.POLICY_INVALID, "the policy is not CloudFront-Base64");
    }
    if (!valid(json, signature, key, credentials.hashAlgorithm())) {
      throw signatureInvalid();
    }
    Policy policy;
    try {
      policy = Policy.parse(json);
    } catch (Policy.InvalidPolicyException e) {
      throw new ApiException(ErrorCode.POLICY_INVALID, e.getMessage());
    }
    if (policy.resource().isPresent()
        && urls.stream().noneMatch(url -> policy.resource().get().matches(url))) {
      throw new ApiException(ErrorCode.RESOURCE_MISMATCH, "the policy's resource does not "
          + "cover " + urls.get(0));
    }
    return policy;
  }

  private static boolean valid(byte[] message, byte[] signature, RSAPublicKey key,
      HashAlgorithm algorithm) {
    try {
      Signature verifier = Signature.getInstance(algorithm.jcaName());
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static ApiException signatureInvalid() {
    return new ApiException(ErrorCode.SIGNATURE_INVALID,
        "the signature does not match the policy and URL");
  }
}
