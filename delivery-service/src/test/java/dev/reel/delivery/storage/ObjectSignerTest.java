package dev.reel.delivery.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class ObjectSignerTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T01:02:03Z"),
      ZoneOffset.UTC);

  private static ObjectSigner signer(String base) {
    return new ObjectSigner(base + "probe?X-Amz-Algorithm=AWS4-HMAC-SHA256", "probe", "eu-west-3",
        CLOCK);
  }

  /** The request the SDK's own SigV4 signer makes of the same request at the same instant. */
  private static SdkHttpRequest sdkSigned(String url, AwsCredentialsIdentity credentials) {
    return sdkSigned("GET", url, credentials);
  }

  private static SdkHttpRequest sdkSigned(String method, String url,
      AwsCredentialsIdentity credentials) {
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
        .uri(URI.create(url)).putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD").build();
    return AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
            .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-3")
            .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.HEADER)
            .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
            .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
            .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
            .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, CLOCK))
        .request();
  }

  /** Every header the SDK signed with, except Host (the HTTP client sends it from the URL). */
  private static Map<String, String> sentHeaders(SdkHttpRequest signed) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    signed.forEachHeader((name, values) -> headers.put(name, String.join(",", values)));
    headers.remove("Host");
    return headers;
  }

  private static Map<String, String> sorted(Map<String, String> headers) {
    Map<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    sorted.putAll(headers);
    return sorted;
  }

  @ParameterizedTest(name = "{0} + {1}")
  @DisplayName("a GET or HEAD is signed exactly as the AWS SDK's SigV4 signer signs it, "
      + "path-style or virtual-hosted, whatever the key's characters")
  @CsvSource({
      "GET, http://127.0.0.1:9000/reel/, renditions/01m8/cmaf/720p/seg_00001.m4s",
      "GET, https://reel.s3.eu-west-3.amazonaws.com/, originals/01m8/source",
      "GET, http://minio:9000/media-bucket/, renditions/01m8/odd name+~(1).m4s",
      "HEAD, http://127.0.0.1:9000/reel/, renditions/01m8/cmaf/720p/seg_00001.m4s",
      "HEAD, https://reel.s3.eu-west-3.amazonaws.com/, originals/01m8/source"})
  void matchesTheSdk(String method, String base, String key) {
    AwsCredentialsIdentity credentials = AwsCredentialsIdentity.create("AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    ObjectSigner signer = signer(base);
    ObjectSigner.SignedRequest ours = signer.sign(method, key, credentials);
    String url = signer.url(ours);
    SdkHttpRequest theirs = sdkSigned(method, url, credentials);

    assertEquals(sentHeaders(theirs), sorted(ours.headers()));
    assertEquals(theirs.getUri().getRawPath(), URI.create(url).getRawPath());
    assertEquals(null, URI.create(url).getRawQuery());
    assertEquals(base + ObjectSigner.encodePath(key), url);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("the server a GET goes to is the bucket address's host, with its port or the "
      + "scheme's, and TLS for https")
  @CsvSource({
      "http://127.0.0.1:9000/reel/, 127.0.0.1, 9000, false",
      "https://reel.s3.eu-west-3.amazonaws.com/, reel.s3.eu-west-3.amazonaws.com, 443, true",
      "http://minio/media-bucket/, minio, 80, false",
      "https://s3.example.org:8443/media/, s3.example.org, 8443, true"})
  void server(String base, String host, int port, boolean ssl) {
    ObjectSigner signer = signer(base);

    assertEquals(host, signer.serverHost());
    assertEquals(port, signer.serverPort());
    assertEquals(ssl, signer.ssl());
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(delimiter = '|', value = {
      "renditions/01m8n6abcdefghjkmnpqrstvwx/cmaf/720p/seg_00001.m4s",
      "originals/A-Z_a-z.0-9~/source", "odd name+~(1).m4s", "é/ü?#%&=", "a//b/"})
  @DisplayName("a key's path is encoded as the SDK encodes it, plain keys as they are")
  void encodesKeysAsTheSdk(String key) {
    assertEquals(software.amazon.awssdk.utils.http.SdkHttpUtils.urlEncodeIgnoreSlashes(key),
        ObjectSigner.encodePath(key));
  }

  @Test
  @DisplayName("signing again gives the same signature: the reused hash and MAC start afresh")
  void reusedDigestsStartAfresh() {
    AwsCredentialsIdentity credentials = AwsCredentialsIdentity.create("AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    ObjectSigner signer = signer("http://127.0.0.1:9000/reel/");

    ObjectSigner.SignedRequest first = signer.sign("GET", "a/b.m4s", credentials);
    signer.sign("GET", "c/d.m4s", credentials);
    ObjectSigner.SignedRequest again = signer.sign("GET", "a/b.m4s", credentials);

    assertEquals(first.headers(), again.headers());
    assertEquals(sentHeaders(sdkSigned(signer.url(again), credentials)),
        sorted(again.headers()));
  }

  @Test
  @DisplayName("temporary credentials send their session token, signed too")
  void sessionToken() {
    AwsSessionCredentialsIdentity credentials = AwsSessionCredentialsIdentity.create(
        "ASIAEXAMPLE", "secret/with+chars", "token/with+and=");

    ObjectSigner.SignedRequest ours = signer("http://127.0.0.1:9000/reel/").sign("GET", "a/b.m4s",
        credentials);

    assertEquals("token/with+and=", ours.headers().get("x-amz-security-token"));
    assertTrue(ours.headers().get("Authorization").contains(
        "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token"),
        ours.headers().toString());
    assertEquals(sentHeaders(sdkSigned("http://127.0.0.1:9000/reel/a/b.m4s", credentials)),
        sorted(ours.headers()));
  }

  @Test
  @DisplayName("a probe URL that does not end in the probe key is refused")
  void badProbe() {
    assertThrows(IllegalArgumentException.class, () -> new ObjectSigner(
        "http://127.0.0.1:9000/reel/other?X-Amz-Date=1", "probe", "us-east-1", CLOCK));
  }
}
