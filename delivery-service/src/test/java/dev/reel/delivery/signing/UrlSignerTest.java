package dev.reel.delivery.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;

class UrlSignerTest {

  private static final String BASE = "http://127.0.0.1:8080";
  private static final String ID = "01jh0000000000000000000aaa";
  private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

  private final UrlSigner signer = new UrlSigner(TestKeys.signingKey());

  @Test
  @DisplayName("a canned URL signed by delivery is character for character the AWS SDK's")
  void cannedLikeTheSdk() {
    String url = BASE + "/v1/media/" + ID + "/master.m3u8";
    String sdk = CloudFrontUtilities.create().getSignedUrlWithCannedPolicy(r -> r.resourceUrl(url)
        .privateKey(TestKeys.privateKey()).keyPairId(TestKeys.KEY_ID).expirationDate(EXPIRES))
        .url();
    assertEquals(sdk, signer.cannedUrl(url, EXPIRES));
  }

  @Test
  @DisplayName("a manifest's token covers every file under its directory until the same expiry, "
      + "from the same addresses, and passes the verifier")
  void assetToken() throws Exception {
    Policy granted = new Policy(Optional.empty(), EXPIRES, Optional.of(EXPIRES.minusSeconds(9)),
        IpRange.parse("127.0.0.0/8"));
    Policy scope = UrlSigner.directoryScope(BASE + "/v1/media/" + ID + "/cmaf/", granted);
    String segment = BASE + "/v1/media/" + ID + "/cmaf/360p/seg_00001.m4s";
    String query = signer.customQuery(scope);

    Verified verified = new AccessVerifier(TestKeys.ring()).verify(
        Credentials.fromQuery(RequestQuery.parse(query)).orElseThrow(), List.of(segment),
        InetAddress.getByName("127.0.0.1"), EXPIRES.minusSeconds(60));
    assertEquals(BASE + "/v1/media/" + ID + "/cmaf/*", verified.policy().resource().orElseThrow()
        .pattern());
    assertEquals(EXPIRES, verified.policy().dateLessThan());
    assertEquals("127.0.0.0/8", verified.policy().sourceIp().orElseThrow().text());
    ApiException source = assertThrows(ApiException.class, () -> new AccessVerifier(
        TestKeys.ring()).verify(Credentials.fromQuery(RequestQuery.parse(query)).orElseThrow(),
        List.of(BASE + "/v1/media/" + ID + "/source"), InetAddress.getByName("127.0.0.1"),
        EXPIRES.minusSeconds(60)));
    assertEquals(ErrorCode.RESOURCE_MISMATCH, source.code());
  }
}
