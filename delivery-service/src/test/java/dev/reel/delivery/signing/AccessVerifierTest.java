package dev.reel.delivery.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.SignedCookie;
import software.amazon.awssdk.services.cloudfront.model.CustomSignerRequest;
import software.amazon.awssdk.services.cloudfront.utils.SigningHashAlgorithm;

/**
 * The signing matrix, against URLs and cookies made by the AWS SDK's CloudFront signer: what it
 * signs passes, and each way of getting it wrong is refused with its own reason.
 */
class AccessVerifierTest {

  private static final String BASE = "https://media.example.test";
  private static final String ID = "01jh0000000000000000000aaa";
  private static final String ASSET = BASE + "/v1/media/" + ID + "/";
  private static final String SOURCE = ASSET + "source";
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Instant LATER = NOW.plusSeconds(3600);
  private static final InetAddress CLIENT = address("192.0.2.10");
  private static final CloudFrontUtilities SDK = CloudFrontUtilities.create();

  private final AccessVerifier verifier = new AccessVerifier(TestKeys.ring());

  // --- signed URLs ---

  @Test
  @DisplayName("a canned-policy URL from the AWS SDK passes")
  void sdkCannedUrl() {
    String url = SDK.getSignedUrlWithCannedPolicy(r -> r.resourceUrl(SOURCE)
        .privateKey(TestKeys.privateKey()).keyPairId(TestKeys.KEY_ID).expirationDate(LATER))
        .url();
    Verified verified = check(url);
    assertEquals(LATER, verified.policy().dateLessThan());
    assertTrue(verified.credentials().canned());
  }

  @Test
  @DisplayName("a custom-policy URL with a wildcard resource passes for any file it covers")
  void sdkCustomWildcard() {
    String url = custom(ASSET + "cmaf/360p/seg_00001.m4s", r -> r.resourceUrlPattern(ASSET + "*"));
    assertEquals(ASSET + "*", check(url).policy().resource().orElseThrow().pattern());
  }

  @Test
  @DisplayName("SHA-256 signatures (Hash-Algorithm=SHA256) pass too")
  void sha256() {
    String url = SDK.getSignedUrlWithCannedPolicy(r -> r.resourceUrl(SOURCE)
        .privateKey(TestKeys.privateKey()).keyPairId(TestKeys.KEY_ID).expirationDate(LATER)
        .hashAlgorithm(SigningHashAlgorithm.SHA256)).url();
    assertTrue(url.contains("Hash-Algorithm=SHA256"), url);
    assertEquals(HashAlgorithm.SHA256, check(url).credentials().hashAlgorithm());
  }

  @Test
  @DisplayName("a changed signature is SIGNATURE_INVALID")
  void tamperedSignature() {
    String url = canned(SOURCE, LATER);
    int at = url.indexOf("Signature=") + "Signature=".length() + 10;
    String tampered = url.substring(0, at) + (url.charAt(at) == 'A' ? 'B' : 'A')
        + url.substring(at + 1);
    assertEquals(ErrorCode.SIGNATURE_INVALID, denial(tampered));
  }

  @Test
  @DisplayName("a policy changed after signing (a later expiry) is SIGNATURE_INVALID")
  void tamperedPolicy() {
    String url = custom(SOURCE, r -> { });
    String longer = Policy.parse(UrlSafeBase64.decode(queryValue(url, "Policy"))).toJson()
        .replace(String.valueOf(LATER.getEpochSecond()), "4102444800");
    String tampered = url.replace(queryValue(url, "Policy"),
        UrlSafeBase64.encode(longer.getBytes(StandardCharsets.UTF_8)));
    assertEquals(ErrorCode.SIGNATURE_INVALID, denial(tampered));
  }

  @Test
  @DisplayName("a canned URL whose Expires was moved is SIGNATURE_INVALID")
  void tamperedExpires() {
    String url = canned(SOURCE, LATER);
    assertEquals(ErrorCode.SIGNATURE_INVALID, denial(url.replace(
        "Expires=" + LATER.getEpochSecond(), "Expires=" + (LATER.getEpochSecond() + 86400))));
  }

  @Test
  @DisplayName("an expired signature is EXPIRED, for canned and custom policies alike")
  void expired() {
    assertEquals(ErrorCode.EXPIRED, denial(canned(SOURCE, NOW.minusSeconds(1))));
    assertEquals(ErrorCode.EXPIRED, denial(canned(SOURCE, NOW)));
    Instant past = NOW.minusSeconds(60);
    assertEquals(ErrorCode.EXPIRED, denial(SDK.getSignedUrlWithCustomPolicy(r -> r
        .resourceUrl(SOURCE).privateKey(TestKeys.privateKey()).keyPairId(TestKeys.KEY_ID)
        .expirationDate(past)).url()));
  }

  @Test
  @DisplayName("a DateGreaterThan still to come is NOT_YET_VALID; once it has come, it passes")
  void notYetValid() {
    String url = custom(SOURCE, r -> r.activeDate(NOW.plusSeconds(60)));
    assertEquals(ErrorCode.NOT_YET_VALID, denial(url));
    assertEquals(LATER, new AccessVerifier(TestKeys.ring()).verify(credentials(url),
        List.of(unsigned(url)), CLIENT, NOW.plusSeconds(60)).policy().dateLessThan());
  }

  @Test
  @DisplayName("a custom policy for one asset used on another is RESOURCE_MISMATCH")
  void wrongPathCustom() {
    String url = custom(ASSET + "master.m3u8", r -> r.resourceUrlPattern(ASSET + "*"));
    String otherAsset = url.replace(ID, "01jh0000000000000000000bbb");
    assertEquals(ErrorCode.RESOURCE_MISMATCH, denial(otherAsset));
  }

  @Test
  @DisplayName("a canned URL used for another path is SIGNATURE_INVALID: the URL is what is signed")
  void wrongPathCanned() {
    assertEquals(ErrorCode.SIGNATURE_INVALID, denial(canned(SOURCE, LATER)
        .replace("/source?", "/master.m3u8?")));
  }

  @Test
  @DisplayName("a URL signed for another host is refused: resources match the public base URL")
  void wrongHost() {
    String url = custom("https://other.example.test/v1/media/" + ID + "/source", r -> { });
    Credentials credentials = credentials(url);
    ApiException denied = assertThrows(ApiException.class,
        () -> verifier.verify(credentials, List.of(SOURCE), CLIENT, NOW));
    assertEquals(ErrorCode.RESOURCE_MISMATCH, denied.code());
  }

  @Test
  @DisplayName("a Key-Pair-Id delivery does not know is UNKNOWN_KEY, and the message names no key")
  void unknownKey() {
    String url = SDK.getSignedUrlWithCannedPolicy(r -> r.resourceUrl(SOURCE)
        .privateKey(TestKeys.privateKey()).keyPairId("K2SOMEONEELSE").expirationDate(LATER))
        .url();
    ApiException denied = assertThrows(ApiException.class, () -> check(url));
    assertEquals(ErrorCode.UNKNOWN_KEY, denied.code());
    assertFalse(denied.getMessage().contains(TestKeys.KEY_ID));
  }

  @Test
  @DisplayName("a URL signed with another private key under a known key id is SIGNATURE_INVALID")
  void wrongPrivateKey() {
    PrivateKey other = TestKeys.OTHER.getPrivate();
    String url = SDK.getSignedUrlWithCannedPolicy(r -> r.resourceUrl(SOURCE).privateKey(other)
        .keyPairId(TestKeys.KEY_ID).expirationDate(LATER)).url();
    assertEquals(ErrorCode.SIGNATURE_INVALID, denial(url));
  }

  @Test
  @DisplayName("an IpAddress condition lets its range in and keeps others out (IP_NOT_ALLOWED)")
  void sourceIp() {
    assertEquals(LATER, check(custom(SOURCE, r -> r.ipRange("192.0.2.0/24")))
        .policy().dateLessThan());
    assertEquals(ErrorCode.IP_NOT_ALLOWED, denial(custom(SOURCE, r -> r.ipRange("10.0.0.0/8"))));
  }

  @Test
  @DisplayName("a policy that is not Base64, or that is signed but unreadable, is POLICY_INVALID")
  void invalidPolicy() {
    String url = custom(SOURCE, r -> { });
    assertEquals(ErrorCode.POLICY_INVALID, denial(url.replace(queryValue(url, "Policy"),
        "%%%")));
    byte[] garbage = "{\"Statement\":[]}".getBytes(StandardCharsets.UTF_8);
    String signedGarbage = SOURCE + "?Policy=" + UrlSafeBase64.encode(garbage) + "&Signature="
        + UrlSafeBase64.encode(TestKeys.signingKey().sign(garbage, HashAlgorithm.SHA1))
        + "&Key-Pair-Id=" + TestKeys.KEY_ID;
    assertEquals(ErrorCode.POLICY_INVALID, denial(signedGarbage));
  }

  @Test
  @DisplayName("a canned URL signed with its own query (redirect=presigned) passes with it")
  void cannedWithQuery() {
    String url = canned(SOURCE + "?redirect=presigned", LATER);
    assertEquals(LATER, check(url).policy().dateLessThan());
  }

  // --- signed cookies ---

  @Test
  @DisplayName("canned-policy cookies from the AWS SDK pass for the URL they were made for")
  void sdkCannedCookies() {
    var cookies = SDK.getCookiesForCannedPolicy(r -> r.resourceUrl(SOURCE)
        .privateKey(TestKeys.privateKey()).keyPairId(TestKeys.KEY_ID).expirationDate(LATER));
    Map<String, String> jar = jar(cookies, cookies.expiresHeaderValue());
    Credentials credentials = Credentials.fromCookies(jar::get).orElseThrow();
    assertEquals(LATER, verifier.verify(credentials, List.of(SOURCE), CLIENT, NOW).policy()
        .dateLessThan());
  }

  @Test
  @DisplayName("custom-policy cookies from the AWS SDK pass for every file under their resource")
  void sdkCustomCookies() {
    var cookies = SDK.getCookiesForCustomPolicy(r -> r.resourceUrl(ASSET + "*")
        .privateKey(TestKeys.privateKey()).keyPairId(TestKeys.KEY_ID).expirationDate(LATER));
    Map<String, String> jar = jar(cookies, cookies.policyHeaderValue());
    Credentials credentials = Credentials.fromCookies(jar::get).orElseThrow();
    for (String file : List.of("master.m3u8", "cmaf/360p/seg_00003.m4s", "source")) {
      assertEquals(LATER, verifier.verify(credentials, List.of(ASSET + file), CLIENT, NOW)
          .policy().dateLessThan(), file);
    }
    ApiException denied = assertThrows(ApiException.class, () -> verifier.verify(credentials,
        List.of(BASE + "/v1/media/01jh0000000000000000000bbb/source"), CLIENT, NOW));
    assertEquals(ErrorCode.RESOURCE_MISMATCH, denied.code());
  }

  // ---------------------------------------------------------------------------------------------

  // --- signatures remembered ---

  @Test
  @DisplayName("a signature found good is remembered; a bad one is not, and is refused each time")
  void remembersOnlyGoodSignatures() {
    String url = canned(SOURCE, LATER);
    check(url);
    check(url);
    assertEquals(1, verifier.remembered());
    int at = url.indexOf("Signature=") + "Signature=".length() + 10;
    String tampered = url.substring(0, at) + (url.charAt(at) == 'A' ? 'B' : 'A')
        + url.substring(at + 1);
    assertEquals(ErrorCode.SIGNATURE_INVALID, denial(tampered));
    assertEquals(ErrorCode.SIGNATURE_INVALID, denial(tampered));
    assertEquals(1, verifier.remembered());
    // A remembered signature does not vouch for another URL or expiry: they are what is signed.
    assertEquals(ErrorCode.SIGNATURE_INVALID, denial(url.replace("/source", "/master.m3u8")));
    assertEquals(ErrorCode.SIGNATURE_INVALID, denial(url.replace(
        "Expires=" + LATER.getEpochSecond(), "Expires=" + (LATER.getEpochSecond() + 86400))));
  }

  @Test
  @DisplayName("a remembered signature still expires, still waits for its start, still keeps "
      + "other IPs out and still covers only its resource")
  void rememberedPolicyStillChecked() {
    String cannedUrl = canned(SOURCE, LATER);
    check(cannedUrl);
    assertEquals(ErrorCode.EXPIRED, assertThrows(ApiException.class, () -> verifier.verify(
        credentials(cannedUrl), List.of(unsigned(cannedUrl)), CLIENT, LATER)).code());

    String limited = custom(ASSET + "master.m3u8", r -> r.resourceUrlPattern(ASSET + "*")
        .ipRange("192.0.2.0/24").activeDate(NOW.minusSeconds(10)));
    check(limited);
    assertEquals(ErrorCode.NOT_YET_VALID, assertThrows(ApiException.class, () ->
        verifier.verify(credentials(limited), List.of(unsigned(limited)), CLIENT,
            NOW.minusSeconds(60))).code());
    assertEquals(ErrorCode.IP_NOT_ALLOWED, assertThrows(ApiException.class, () ->
        verifier.verify(credentials(limited), List.of(unsigned(limited)),
            address("198.51.100.7"), NOW)).code());
    assertEquals(ErrorCode.RESOURCE_MISMATCH,
        denial(limited.replace(ID, "01jh0000000000000000000bbb")));
    assertEquals(2, verifier.remembered());
  }

  private static String canned(String resource, Instant expires) {
    return SDK.getSignedUrlWithCannedPolicy(r -> r.resourceUrl(resource)
        .privateKey(TestKeys.privateKey()).keyPairId(TestKeys.KEY_ID).expirationDate(expires))
        .url();
  }

  private static String custom(String resource, Consumer<CustomSignerRequest.Builder> more) {
    return SDK.getSignedUrlWithCustomPolicy(r -> {
      r.resourceUrl(resource).privateKey(TestKeys.privateKey()).keyPairId(TestKeys.KEY_ID)
          .expirationDate(LATER);
      more.accept(r);
    }).url();
  }

  private Verified check(String signedUrl) {
    return verifier.verify(credentials(signedUrl), List.of(unsigned(signedUrl)), CLIENT, NOW);
  }

  private ErrorCode denial(String signedUrl) {
    return assertThrows(ApiException.class, () -> check(signedUrl)).code();
  }

  private static Credentials credentials(String signedUrl) {
    return Credentials.fromQuery(query(signedUrl)).orElseThrow();
  }

  /** The URL as delivery rebuilds it for a canned policy: without the signing parameters. */
  private static String unsigned(String signedUrl) {
    String rest = query(signedUrl).without(Credentials.QUERY_PARAMETERS);
    String path = signedUrl.substring(0, signedUrl.indexOf('?'));
    return rest.isEmpty() ? path : path + "?" + rest;
  }

  private static RequestQuery query(String url) {
    return RequestQuery.parse(url.substring(url.indexOf('?') + 1));
  }

  private static String queryValue(String url, String name) {
    return query(url).first(name).orElseThrow();
  }

  private static Map<String, String> jar(SignedCookie cookies, String policyOrExpires) {
    Map<String, String> jar = new HashMap<>();
    for (String header : List.of(policyOrExpires, cookies.signatureHeaderValue(),
        cookies.keyPairIdHeaderValue())) {
      int equals = header.indexOf('=');
      jar.put(header.substring(0, equals), header.substring(equals + 1));
    }
    return jar;
  }

  private static InetAddress address(String literal) {
    return IpRange.literal(literal).orElseThrow();
  }
}
