package dev.reel.platform.it;

import java.net.URI;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;

/**
 * Signs playback URLs and cookies with the test platform's key, the way an application back end
 * would: with the AWS SDK's CloudFront signer, which knows nothing of Reel.
 */
public final class Signing {

  private static final CloudFrontUtilities SDK = CloudFrontUtilities.create();
  private static final Duration VALID = Duration.ofHours(1);
  private static PrivateKey privateKey;

  private Signing() {
  }

  public static String keyId() {
    return TestPlatform.get().signingKey().keyId();
  }

  public static synchronized PrivateKey privateKey() {
    if (privateKey == null) {
      try {
        // PKCS#8 PEM, as the platform writes it: read with the JDK alone.
        String pem = Files.readString(TestPlatform.get().signingKey().privateKey());
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (Exception e) {
        throw new IllegalStateException("cannot read the test platform's signing key", e);
      }
    }
    return privateKey;
  }

  /** {@code uri} signed with a canned policy valid for an hour. */
  public static URI url(URI uri) {
    return url(uri, Instant.now().plus(VALID));
  }

  /** {@code uri} signed with a canned policy that expires at {@code expires}. */
  public static URI url(URI uri, Instant expires) {
    return URI.create(SDK.getSignedUrlWithCannedPolicy(r -> r.resourceUrl(uri.toString())
        .privateKey(privateKey()).keyPairId(keyId()).expirationDate(expires)).url());
  }

  /** The path and query of {@code uri} signed, for requests written by hand. */
  public static String pathAndQuery(URI uri) {
    URI signed = url(uri);
    return signed.getRawPath() + "?" + signed.getRawQuery();
  }

  /**
   * A {@code Cookie} header with custom-policy cookies for every file under {@code assetUri}'s
   * asset folder ({@code .../v1/media/{assetId}/*}), valid for an hour.
   */
  public static String assetCookies(URI assetUri) {
    return String.join("; ", assetCookieList(assetUri));
  }

  /**
   * The same cookies by name, for a client that is given them one by one (a browser over
   * WebDriver).
   */
  public static Map<String, String> assetCookieValues(URI assetUri) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String cookie : assetCookieList(assetUri)) {
      int equals = cookie.indexOf('=');
      values.put(cookie.substring(0, equals), cookie.substring(equals + 1));
    }
    return values;
  }

  /** The SDK's cookies for {@code assetUri}'s asset folder, each as {@code name=value}. */
  private static List<String> assetCookieList(URI assetUri) {
    String path = assetUri.toString();
    int media = path.indexOf("/v1/media/") + "/v1/media/".length();
    String folder = path.substring(0, path.indexOf('/', media) + 1);
    CookiesForCustomPolicy cookies = SDK.getCookiesForCustomPolicy(r -> r
        .resourceUrl(folder + "*").privateKey(privateKey()).keyPairId(keyId())
        .expirationDate(Instant.now().plus(VALID)));
    return List.of(cookies.policyHeaderValue(), cookies.signatureHeaderValue(),
        cookies.keyPairIdHeaderValue());
  }
}
