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

  /** How many signatures found good are remembered (a few megabytes at most). */
  static final int REMEMBERED = 4096;

  private final KeyRing keys;
  private final VerifiedSignatures verified = new VerifiedSignatures(REMEMBERED);

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
    Policy policy = credentials.canned()
        ? cannedPolicy(credentials, urls, key)
        : customPolicy(credentials, urls, key);
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
    return new Verified(credentials, policy, credentials.canned() || policy.resource()
        .map(ResourcePattern::pattern)
        .map(pattern -> pattern.indexOf('*') < 0
            && (pattern.indexOf('?') < 0 || urls.contains(pattern)))
        .orElse(false));
  }

  /** A canned policy covers exactly the URL it was signed for: rebuild it, and check. */
  private Policy cannedPolicy(Credentials credentials, List<String> urls, RSAPublicKey key) {
    List<VerifiedSignatures.Signed> candidates = urls.stream()
        .map(url -> signed(credentials, Policy.cannedJson(url, credentials.expires())))
        .toList();
    for (VerifiedSignatures.Signed candidate : candidates) {
      Optional<Policy> known = verified.find(candidate);
      if (known.isPresent()) {
        return known.get();
      }
    }
    byte[] signature = signatureBytes(credentials);
    for (int i = 0; i < candidates.size(); i++) {
      VerifiedSignatures.Signed candidate = candidates.get(i);
      if (valid(candidate.message().getBytes(StandardCharsets.UTF_8), signature, key,
          credentials.hashAlgorithm())) {
        Policy policy = new Policy(Optional.of(new ResourcePattern(urls.get(i))),
            Instant.ofEpochSecond(credentials.expires()), Optional.empty(), Optional.empty());
        verified.remember(candidate, policy);
        return policy;
      }
    }
    // A canned policy names no resource of its own: another URL reads as a wrong signature.
    throw signatureInvalid();
  }

  private Policy customPolicy(Credentials credentials, List<String> urls, RSAPublicKey key) {
    String encoded = credentials.encodedPolicy().orElseThrow();
    // The encoded policy stands for the JSON signed: it decodes to those bytes and no others.
    VerifiedSignatures.Signed signed = signed(credentials, encoded);
    Policy policy = verified.find(signed).orElseGet(() -> {
      Policy checked = checkedCustomPolicy(credentials, encoded, key);
      verified.remember(signed, checked);
      return checked;
    });
    if (policy.resource().isPresent()
        && urls.stream().noneMatch(url -> policy.resource().get().matches(url))) {
      throw new ApiException(ErrorCode.RESOURCE_MISMATCH, "the policy's resource does not "
          + "cover " + urls.get(0));
    }
    return policy;
  }

  private static Policy checkedCustomPolicy(Credentials credentials, String encoded,
      RSAPublicKey key) {
    byte[] signature = signatureBytes(credentials);
    byte[] json;
    try {
      json = UrlSafeBase64.decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorCode.POLICY_INVALID, "the policy is not CloudFront-Base64");
    }
    if (!valid(json, signature, key, credentials.hashAlgorithm())) {
      throw signatureInvalid();
    }
    try {
      return Policy.parse(json);
    } catch (Policy.InvalidPolicyException e) {
      throw new ApiException(ErrorCode.POLICY_INVALID, e.getMessage());
    }
  }

  /** How many good signatures are remembered now. */
  int remembered() {
    return verified.size();
  }

  private static VerifiedSignatures.Signed signed(Credentials credentials, String message) {
    return new VerifiedSignatures.Signed(credentials.keyPairId(), credentials.hashAlgorithm(),
        credentials.signature(), message);
  }

  private static byte[] signatureBytes(Credentials credentials) {
    try {
      return UrlSafeBase64.decode(credentials.signature());
    } catch (IllegalArgumentException e) {
      throw signatureInvalid();
    }
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
