package dev.reel.platform.it;

import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.delivery.config.DeliveryConfig;
import dev.reel.delivery.http.DeliveryVerticle;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.SignedCookie;
import software.amazon.awssdk.services.cloudfront.model.CustomSignerRequest;

/**
 * Private media over HTTP: delivery answers only requests signed the CloudFront way, with URLs
 * and cookies made by the AWS SDK with the platform's key, and refuses each way of getting a
 * signature wrong with 403 and its reason. A signed manifest comes back with signed URIs that
 * play the rest of the asset; presigned redirects, public assets and signing off are settings.
 */
class DeliverySigningTest {

  private static final CloudFrontUtilities SDK = CloudFrontUtilities.create();
  private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private static final String MASTER = """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Main",URI="cmaf/audio/index.m3u8"
      #EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS="avc1.64001e,mp4a.40.2",AUDIO="audio"
      cmaf/360p/index.m3u8
      """;
  private static final String VARIANT = """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-TARGETDURATION:4
      #EXT-X-PLAYLIST-TYPE:VOD
      #EXT-X-MAP:URI="init.mp4"
      #EXTINF:4.000,
      seg_00000.m4s
      #EXT-X-ENDLIST
      """;
  private static final String MPD = """
      <?xml version="1.0" encoding="UTF-8"?>
      <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"><Period><AdaptationSet>
      <Representation id="360p" bandwidth="900000"><SegmentTemplate timescale="1000" \
      initialization="cmaf/360p/init.mp4" media="cmaf/360p/seg_$Number%05d$.m4s" \
      startNumber="0"/></Representation></AdaptationSet></Period></MPD>
      """;
  private static final byte[] SOURCE = random(3000, 1);
  private static final byte[] INIT = random(700, 2);
  private static final byte[] SEGMENT = random(5000, 3);

  private static RunningService<DeliveryVerticle> delivery;
  private static String assetId;
  private static String otherAssetId;

  @BeforeAll
  static void putMediaAndStart() {
    assetId = AssetId.generate();
    otherAssetId = AssetId.generate();
    put(StorageLayout.originalKey(assetId), SOURCE, "video/mp4");
    put(StorageLayout.originalKey(otherAssetId), random(100, 4), "video/mp4");
    putFile(assetId, "master.m3u8", MASTER.getBytes(StandardCharsets.UTF_8));
    putFile(assetId, "cmaf/360p/index.m3u8", VARIANT.getBytes(StandardCharsets.UTF_8));
    putFile(assetId, "cmaf/360p/init.mp4", INIT);
    putFile(assetId, "cmaf/360p/seg_00000.m4s", SEGMENT);
    putFile(assetId, "manifest.mpd", MPD.getBytes(StandardCharsets.UTF_8));
    delivery = Services.delivery(new JsonObject());
  }

  @AfterAll
  static void stop() {
    if (delivery != null) {
      delivery.close();
    }
  }

  // --- the matrix ---

  @Test
  @DisplayName("an unsigned request for private media is 403 MISSING_SIGNATURE, as JSON")
  void unsigned() {
    HttpResponse<byte[]> response = send(request(uri(assetId, "source")).build());
    assertDenied(response, "MISSING_SIGNATURE");
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
  }

  @Test
  @DisplayName("a canned-policy URL from the AWS SDK gets the media, which shared caches may keep "
      + "(under that signed URL) until the URL expires, not for the year the file would be kept")
  void cannedUrl() {
    HttpResponse<byte[]> response = send(request(Signing.url(uri(assetId, "source"))).build());
    assertEquals(200, response.statusCode(), new String(response.body()));
    assertArrayEquals(SOURCE, response.body());
    assertMaxAge("public, max-age=%d, immutable", 3600, response);
  }

  @Test
  @DisplayName("a canned-policy URL whose query the SDK signed with a raw 'é', sent as curl "
      + "sends it (its UTF-8 bytes), gets the media")
  void cannedUrlWithRawUtf8Query() {
    URI signed = Signing.url(URI.create(uri(assetId, "source") + "?n=\u00E9"));
    String target = signed.getRawPath() + "?" + signed.getRawQuery();
    assertTrue(target.contains("n=\u00E9&"), target);
    // Each UTF-8 byte of the target as one ISO-8859-1 character: Http.raw writes each as a byte.
    String asBytes = new String(target.getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1);
    Http.RawResponse response = Http.raw(delivery.uri("/"), "GET " + asBytes
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=0-9\r\nConnection: close", new byte[0],
        Duration.ofSeconds(5));
    assertEquals(206, response.status(), response.body());
    assertEquals("bytes 0-9/" + SOURCE.length, response.header("Content-Range").orElse(null));
  }

  @Test
  @DisplayName("a custom-policy URL with a wildcard resource gets every file it covers")
  void customWildcard() {
    URI segment = custom(uri(assetId, "cmaf/360p/seg_00000.m4s"), r -> r.resourceUrlPattern(
        folder(assetId) + "*"));
    HttpResponse<byte[]> response = send(request(segment).build());
    assertEquals(200, response.statusCode(), new String(response.body()));
    assertArrayEquals(SEGMENT, response.body());
  }

  @Test
  @DisplayName("a changed signature is 403 SIGNATURE_INVALID")
  void tamperedSignature() {
    String signed = Signing.url(uri(assetId, "source")).toString();
    int at = signed.indexOf("Signature=") + 20;
    String tampered = signed.substring(0, at) + (signed.charAt(at) == 'A' ? 'B' : 'A')
        + signed.substring(at + 1);
    assertDenied(send(request(URI.create(tampered)).build()), "SIGNATURE_INVALID");
  }

  @Test
  @DisplayName("a custom policy changed after signing (another resource) is 403 "
      + "SIGNATURE_INVALID")
  void tamperedPolicy() {
    String signed = custom(uri(otherAssetId, "source"), r -> { }).toString();
    String policy = signed.replaceAll(".*[?&]Policy=([^&]+).*", "$1");
    String json = new String(Base64.getDecoder().decode(policy.replace('-', '+')
        .replace('_', '=').replace('~', '/')), StandardCharsets.UTF_8);
    String widened = Base64.getEncoder().encodeToString(json.replace(otherAssetId + "/source",
        "*").getBytes(StandardCharsets.UTF_8)).replace('+', '-').replace('=', '_')
        .replace('/', '~');
    URI tampered = URI.create(signed.replace(otherAssetId, assetId).replace(policy, widened));
    assertDenied(send(request(tampered).build()), "SIGNATURE_INVALID");
  }

  @Test
  @DisplayName("an expired URL is 403 EXPIRED")
  void expired() {
    URI late = Signing.url(uri(assetId, "source"), Instant.now().minusSeconds(5));
    assertDenied(send(request(late).build()), "EXPIRED");
  }

  @Test
  @DisplayName("a URL whose DateGreaterThan is still to come is 403 NOT_YET_VALID")
  void notYetValid() {
    URI early = custom(uri(assetId, "source"), r -> r.activeDate(Instant.now().plusSeconds(600)));
    assertDenied(send(request(early).build()), "NOT_YET_VALID");
  }

  @Test
  @DisplayName("a custom policy for another asset is 403 RESOURCE_MISMATCH; a canned URL moved "
      + "to another path is 403 SIGNATURE_INVALID")
  void wrongPath() {
    String forOther = custom(uri(otherAssetId, "master.m3u8"), r -> r.resourceUrlPattern(
        folder(otherAssetId) + "*")).toString();
    assertDenied(send(request(URI.create(forOther.replace(otherAssetId, assetId))).build()),
        "RESOURCE_MISMATCH");
    String canned = Signing.url(uri(otherAssetId, "source")).toString();
    assertDenied(send(request(URI.create(canned.replace(otherAssetId, assetId))).build()),
        "SIGNATURE_INVALID");
  }

  @Test
  @DisplayName("a Key-Pair-Id delivery does not know is 403 UNKNOWN_KEY, and nothing about the "
      + "keys is in the answer")
  void unknownKey() {
    URI signed = URI.create(SDK.getSignedUrlWithCannedPolicy(r -> r
        .resourceUrl(uri(assetId, "source").toString()).privateKey(Signing.privateKey())
        .keyPairId("K2NOTAKEYOFOURS").expirationDate(Instant.now().plusSeconds(60))).url());
    HttpResponse<byte[]> response = send(request(signed).build());
    assertDenied(response, "UNKNOWN_KEY");
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertFalse(body.contains(Signing.keyId()) || body.contains("BEGIN"), body);
  }

  @Test
  @DisplayName("an IpAddress condition lets in its range (127.0.0.1/32), whose answer no shared "
      + "cache may keep (it would serve any address), and keeps out others with 403 "
      + "IP_NOT_ALLOWED")
  void sourceIp() {
    URI here = custom(uri(assetId, "source"), r -> r.ipRange("127.0.0.1/32"));
    URI elsewhere = custom(uri(assetId, "source"), r -> r.ipRange("203.0.113.0/24"));
    HttpResponse<byte[]> answer = send(request(here).build());
    assertEquals(200, answer.statusCode());
    assertTrue(answer.headers().firstValue("Cache-Control").orElse("").startsWith("private, "),
        answer.headers().map().toString());
    assertDenied(send(request(elsewhere).build()), "IP_NOT_ALLOWED");
    // No proxy is trusted here: what the viewer says of itself changes nothing.
    assertDenied(send(request(elsewhere).header("X-Forwarded-For", "203.0.113.7").build()),
        "IP_NOT_ALLOWED");
  }

  @Test
  @DisplayName("behind a trusted proxy, an IpAddress condition is held to the viewer's address "
      + "from X-Forwarded-For, not to the proxy's")
  void sourceIpBehindTrustedProxy() {
    try (RunningService<DeliveryVerticle> proxied = Services.delivery(new JsonObject()
        .put(DeliveryConfig.TRUSTED_PROXIES, "127.0.0.1/32"))) {
      URI source = proxied.uri("/v1/media/" + assetId + "/source");
      URI viewersRange = custom(source, r -> r.ipRange("203.0.113.0/24"));
      URI proxysAddress = custom(source, r -> r.ipRange("127.0.0.1/32"));

      assertEquals(200, send(request(viewersRange).header("X-Forwarded-For", "203.0.113.7")
          .build()).statusCode());
      assertDenied(send(request(proxysAddress).header("X-Forwarded-For", "203.0.113.7")
          .build()), "IP_NOT_ALLOWED");
      // A request with no forwarded address comes from the peer itself.
      assertEquals(200, send(request(proxysAddress).build()).statusCode());
    }
  }

  @Test
  @DisplayName("canned-policy cookies from the AWS SDK get the file they were made for, which "
      + "no shared cache may keep: its URL has no signature")
  void cannedCookies() {
    URI source = uri(assetId, "source");
    var cookies = SDK.getCookiesForCannedPolicy(r -> r.resourceUrl(source.toString())
        .privateKey(Signing.privateKey()).keyPairId(Signing.keyId())
        .expirationDate(Instant.now().plusSeconds(600)));
    HttpResponse<byte[]> response = send(request(source)
        .header("Cookie", cookieHeader(cookies, cookies.expiresHeaderValue())).build());
    assertEquals(200, response.statusCode(), new String(response.body()));
    assertArrayEquals(SOURCE, response.body());
    assertMaxAge("private, max-age=%d, immutable", 600, response);
  }

  @Test
  @DisplayName("signed cookies still get the file when the URL carries an Expires of its own but "
      + "no Signature; an unsigned URL with only an Expires is an incomplete signature")
  void cookiesBesideAStrayExpires() {
    URI source = uri(assetId, "source");
    // The URL is matched without the parameters named as CloudFront's signing ones.
    var cookies = SDK.getCookiesForCannedPolicy(r -> r.resourceUrl(source.toString())
        .privateKey(Signing.privateKey()).keyPairId(Signing.keyId())
        .expirationDate(Instant.now().plusSeconds(600)));
    HttpResponse<byte[]> response = send(request(URI.create(source + "?Expires=1"))
        .header("Cookie", cookieHeader(cookies, cookies.expiresHeaderValue())).build());
    assertEquals(200, response.statusCode(), new String(response.body()));
    assertArrayEquals(SOURCE, response.body());

    HttpResponse<byte[]> bare = send(request(URI.create(source + "?Expires=1")).build());
    assertDenied(bare, "MISSING_SIGNATURE");
    assertTrue(json(bare).getString("message").contains("Signature"), json(bare).encode());
  }

  @Test
  @DisplayName("custom-policy cookies from the AWS SDK get every file under their resource, and "
      + "nothing of another asset")
  void customCookies() {
    var cookies = SDK.getCookiesForCustomPolicy(r -> r.resourceUrl(folder(assetId) + "*")
        .privateKey(Signing.privateKey()).keyPairId(Signing.keyId())
        .expirationDate(Instant.now().plusSeconds(600)));
    String header = cookieHeader(cookies, cookies.policyHeaderValue());
    for (String file : List.of("source", "cmaf/360p/init.mp4", "master.m3u8")) {
      assertEquals(200, send(request(uri(assetId, file)).header("Cookie", header).build())
          .statusCode(), file);
    }
    assertDenied(send(request(uri(otherAssetId, "source")).header("Cookie", header).build()),
        "RESOURCE_MISMATCH");
  }

  @Test
  @DisplayName("a path whose dot segments the router would resolve to the original is refused "
      + "with 400, not served unsigned")
  void dotSegmentsRefused() {
    for (String path : List.of("/v1/media/" + assetId + "/x/../source",
        "/v1/media/" + assetId + "/cmaf/%2e%2e/source", "/v1/media/" + assetId + "%2Fsource")) {
      Http.RawResponse response = Http.raw(delivery.uri("/"), "GET " + path
          + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close", new byte[0],
          Duration.ofSeconds(5));
      assertEquals(400, response.status(), path + ": " + response.body());
      assertTrue(new JsonObject(response.body()).getString("code").startsWith("INVALID_"),
          response.body());
    }
  }

  // --- manifests ---

  @Test
  @DisplayName("a signed master playlist comes back with signed variant URIs that get the "
      + "variant, whose signed init and segment URIs get the media; unsigned they are refused")
  void signedMasterPlaysTheAsset() {
    URI master = Signing.url(uri(assetId, "master.m3u8"));
    String rewritten = body(send(request(master).build()));
    String variantRef = line(rewritten, "cmaf/360p/index.m3u8?");
    assertTrue(rewritten.contains("URI=\"cmaf/audio/index.m3u8?Policy="), rewritten);
    assertTrue(variantRef.contains("&Signature=") && variantRef.contains("&Key-Pair-Id="
        + Signing.keyId()), variantRef);

    URI variant = master.resolve(variantRef);
    String media = body(send(request(variant).build()));
    URI init = variant.resolve(media.replaceAll("(?s).*URI=\"([^\"]+)\".*", "$1"));
    URI segment = variant.resolve(line(media, "seg_00000.m4s?"));
    assertArrayEquals(INIT, send(request(init).build()).body());
    assertArrayEquals(SEGMENT, send(request(segment).build()).body());
    assertDenied(send(request(uri(assetId, "cmaf/360p/seg_00000.m4s")).build()),
        "MISSING_SIGNATURE");
    // What the master names is under cmaf/; its token opens nothing else, the original least.
    assertOpensNone(variantRef, "source", "job.json");
  }

  @Test
  @DisplayName("a custom policy for one rendition's folder, on that rendition's playlist, is "
      + "passed on as it is: the playlist's files play, the original and the master stay refused")
  void narrowPolicyIsNotWidened() {
    URI variant = custom(uri(assetId, "cmaf/360p/index.m3u8"), r -> r.resourceUrlPattern(
        folder(assetId) + "cmaf/360p/*"));
    String media = body(send(request(variant).build()));
    String segmentRef = line(media, "seg_00000.m4s?");

    assertEquals(variant.getRawQuery(), segmentRef.substring(segmentRef.indexOf('?') + 1));
    assertArrayEquals(SEGMENT, send(request(variant.resolve(segmentRef)).build()).body());
    assertOpensNone(segmentRef, "source", "master.m3u8");
  }

  @Test
  @DisplayName("a custom policy whose Resource is the master playlist's URL with a query string "
      + "of the application's is for that URL alone: its variants get a token for cmaf/* and play")
  void customPolicyForUrlWithQuery() {
    // The '?' of the query is a wildcard in a Resource too; this one is the URL written out.
    URI master = custom(URI.create(uri(assetId, "master.m3u8") + "?session=42"), r -> { });
    String variantRef = line(body(send(request(master).build())), "cmaf/360p/index.m3u8?");
    URI variant = master.resolve(variantRef);
    String segmentRef = line(body(send(request(variant).build())), "seg_00000.m4s?");

    assertArrayEquals(SEGMENT, send(request(variant.resolve(segmentRef)).build()).body());
    assertOpensNone(variantRef, "source", "job.json");
  }

  @Test
  @DisplayName("a signed playlist over 16 MiB, more than delivery reads to sign, is served as "
      + "stored, not failed")
  void hugePlaylistServedAsStored() {
    byte[] huge = ("#EXTM3U\n" + "#EXTINF:2.0,\nseg_00000.m4s\n".repeat(700_000))
        .getBytes(StandardCharsets.UTF_8);
    putFile(assetId, "cmaf/huge/index.m3u8", huge);

    HttpResponse<byte[]> response = send(request(Signing.url(uri(assetId,
        "cmaf/huge/index.m3u8"))).build());
    assertEquals(200, response.statusCode(), new String(response.body()));
    assertArrayEquals(huge, response.body());
  }

  @Test
  @DisplayName("a canned URL for a variant playlist signs its URIs for that rendition's folder "
      + "alone")
  void cannedVariantScopedToItsFolder() {
    URI variant = Signing.url(uri(assetId, "cmaf/360p/index.m3u8"));
    String segmentRef = line(body(send(request(variant).build())), "seg_00000.m4s?");

    assertArrayEquals(SEGMENT, send(request(variant.resolve(segmentRef)).build()).body());
    assertOpensNone(segmentRef, "cmaf/audio/index.m3u8", "source");
  }

  @Test
  @DisplayName("a rewritten playlist has its own Content-Length and ETag, and revalidates with "
      + "304")
  void rewrittenValidators() {
    URI master = Signing.url(uri(assetId, "master.m3u8"));
    HttpResponse<byte[]> response = send(request(master).build());
    String etag = response.headers().firstValue("ETag").orElseThrow();
    String stored = TestPlatform.get().s3Client().headObject(b -> b.bucket(TestPlatform.BUCKET)
        .key(StorageLayout.renditionKey(assetId, "master.m3u8"))).join().eTag();

    assertEquals(String.valueOf(response.body().length),
        response.headers().firstValue("Content-Length").orElse(null));
    assertTrue(response.body().length > MASTER.length());
    assertNotEquals(stored, etag);
    assertEquals(304, send(request(master).header("If-None-Match", etag).build()).statusCode());
  }

  @Test
  @DisplayName("a signed MPD comes back with signed initialization and media templates that get "
      + "the segments")
  void signedMpd() {
    URI mpd = Signing.url(uri(assetId, "manifest.mpd"));
    String rewritten = body(send(request(mpd).build()));
    String template = rewritten.replaceAll("(?s).*media=\"([^\"]+)\".*", "$1")
        .replace("&amp;", "&");
    String initialization = rewritten.replaceAll("(?s).*initialization=\"([^\"]+)\".*", "$1")
        .replace("&amp;", "&");
    assertTrue(template.startsWith("cmaf/360p/seg_$Number%05d$.m4s?Policy="), template);
    assertArrayEquals(INIT, send(request(mpd.resolve(initialization)).build()).body());
    assertArrayEquals(SEGMENT, send(request(mpd.resolve(template.replace("$Number%05d$",
        "00000"))).build()).body());
  }

  @Test
  @DisplayName("with a custom-policy cookie the playlist comes as stored: the cookie goes along")
  void cookieManifestUnchanged() {
    var cookies = SDK.getCookiesForCustomPolicy(r -> r.resourceUrl(folder(assetId) + "*")
        .privateKey(Signing.privateKey()).keyPairId(Signing.keyId())
        .expirationDate(Instant.now().plusSeconds(600)));
    HttpResponse<byte[]> response = send(request(uri(assetId, "master.m3u8"))
        .header("Cookie", cookieHeader(cookies, cookies.policyHeaderValue())).build());
    assertEquals(MASTER, body(response));
  }

  // --- settings ---

  @Test
  @DisplayName("?redirect=presigned answers 302 to a presigned S3 URL that gets the bytes, once "
      + "the signature is checked")
  void presignedRedirect() {
    URI signed = Signing.url(URI.create(uri(assetId, "source") + "?redirect=presigned"));
    HttpResponse<byte[]> redirect = Http.send(NO_REDIRECTS, request(signed).build());
    assertEquals(302, redirect.statusCode(), new String(redirect.body()));
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertTrue(location.contains("X-Amz-Signature="), location);
    assertArrayEquals(SOURCE, send(request(URI.create(location)).build()).body());
    assertDenied(send(request(URI.create(uri(assetId, "source") + "?redirect=presigned"))
        .build()), "MISSING_SIGNATURE");
  }

  @Test
  @DisplayName("redirect=presigned may be added to a URL signed without it; another redirect "
      + "value is the application's parameter, which the signature must cover")
  void redirectAddedAfterSigning() {
    URI signed = Signing.url(uri(assetId, "source"));

    HttpResponse<byte[]> redirect = Http.send(NO_REDIRECTS,
        request(URI.create(signed + "&redirect=presigned")).build());
    assertEquals(302, redirect.statusCode(), new String(redirect.body()));
    assertDenied(send(request(URI.create(signed + "&redirect=foo")).build()),
        "SIGNATURE_INVALID");
  }

  @Test
  @DisplayName("a CMCD parameter a player adds to a signed URL (CMCD query mode) is not part of "
      + "what was signed; any other parameter added still is")
  void cmcdAddedAfterSigning() {
    URI signed = Signing.url(uri(assetId, "source"));
    String cmcd = "CMCD=" + URLEncoder.encode("bl=2000,br=3200,ot=v,sid=\"6e2f\"",
        StandardCharsets.UTF_8);

    HttpResponse<byte[]> withCmcd = send(request(URI.create(signed + "&" + cmcd)).build());
    assertEquals(200, withCmcd.statusCode(), new String(withCmcd.body()));
    assertArrayEquals(SOURCE, withCmcd.body());
    HttpResponse<byte[]> redirect = Http.send(NO_REDIRECTS,
        request(URI.create(signed + "&redirect=presigned&" + cmcd)).build());
    assertEquals(302, redirect.statusCode(), new String(redirect.body()));
    URI signedWithRedirect = Signing.url(URI.create(uri(assetId, "source")
        + "?redirect=presigned"));
    assertEquals(302, Http.send(NO_REDIRECTS,
        request(URI.create(signedWithRedirect + "&" + cmcd)).build()).statusCode());
    assertDenied(send(request(URI.create(signed + "&" + cmcd + "&session=1")).build()),
        "SIGNATURE_INVALID");
  }

  @Test
  @DisplayName("a presigned redirect expires no later than the signature that asked for it; "
      + "one let through by an IpAddress condition is served by delivery instead, since a "
      + "presigned URL works from anywhere")
  void presignedRedirectKeepsThePolicy() {
    URI soon = Signing.url(URI.create(uri(assetId, "source") + "?redirect=presigned"),
        Instant.now().plusSeconds(20));
    String location = Http.send(NO_REDIRECTS, request(soon).build()).headers()
        .firstValue("Location").orElseThrow();
    int expires = Integer.parseInt(location.replaceAll(".*[?&]X-Amz-Expires=(\\d+).*", "$1"));
    assertTrue(expires >= 1 && expires <= 20, location);

    URI bound = custom(URI.create(uri(assetId, "source") + "?redirect=presigned"),
        r -> r.ipRange("127.0.0.1/32"));
    HttpResponse<byte[]> served = Http.send(NO_REDIRECTS, request(bound).build());
    assertEquals(200, served.statusCode(), new String(served.body()));
    assertArrayEquals(SOURCE, served.body());
  }

  @Test
  @DisplayName("REEL_DELIVERY_REDIRECT_PRESIGNED sends every signed GET of a segment to S3; "
      + "manifests are still served, signed")
  void presignedBySetting() {
    try (RunningService<DeliveryVerticle> redirecting = Services.delivery(new JsonObject()
        .put("REEL_DELIVERY_REDIRECT_PRESIGNED", "true"))) {
      URI segment = Signing.url(redirecting.uri("/v1/media/" + assetId
          + "/cmaf/360p/seg_00000.m4s"));
      URI master = Signing.url(redirecting.uri("/v1/media/" + assetId + "/master.m3u8"));
      assertEquals(302, Http.send(NO_REDIRECTS, request(segment).build()).statusCode());
      HttpResponse<byte[]> manifest = Http.send(NO_REDIRECTS, request(master).build());
      assertEquals(200, manifest.statusCode());
      assertTrue(body(manifest).contains("index.m3u8?Policy="));
    }
  }

  @Test
  @DisplayName("an asset listed in REEL_DELIVERY_PUBLIC_ASSETS plays unsigned; others do not")
  void publicAsset() {
    try (RunningService<DeliveryVerticle> open = Services.delivery(new JsonObject()
        .put("REEL_DELIVERY_PUBLIC_ASSETS", assetId))) {
      HttpResponse<byte[]> master = send(request(open.uri("/v1/media/" + assetId
          + "/master.m3u8")).build());
      assertEquals(200, master.statusCode());
      assertEquals(MASTER, body(master), "public manifests are served as stored");
      assertDenied(send(request(open.uri("/v1/media/" + otherAssetId + "/source")).build()),
          "MISSING_SIGNATURE");
    }
  }

  @Test
  @DisplayName("REEL_SIGNING_REQUIRED=false (local development) serves everything unsigned")
  void signingOff() {
    try (RunningService<DeliveryVerticle> open = Services.delivery(new JsonObject()
        .put("REEL_SIGNING_REQUIRED", "false"))) {
      HttpResponse<byte[]> response = send(request(open.uri("/v1/media/" + assetId
          + "/source")).build());
      assertEquals(200, response.statusCode());
      assertArrayEquals(SOURCE, response.body());
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static URI uri(String id, String file) {
    return delivery.uri("/v1/media/" + id + "/" + file);
  }

  private static String folder(String id) {
    return delivery.uri("/v1/media/" + id + "/").toString();
  }

  private static URI custom(URI resource, Consumer<CustomSignerRequest.Builder> more) {
    return URI.create(SDK.getSignedUrlWithCustomPolicy(r -> {
      r.resourceUrl(resource.toString()).privateKey(Signing.privateKey())
          .keyPairId(Signing.keyId()).expirationDate(Instant.now().plusSeconds(600));
      more.accept(r);
    }).url());
  }

  /** Cache-Control as {@code format}, whose max-age is the seconds the signature has left. */
  private static void assertMaxAge(String format, int signedFor, HttpResponse<byte[]> response) {
    String control = response.headers().firstValue("Cache-Control").orElseThrow();
    int maxAge = Integer.parseInt(control.replaceAll(".*max-age=(\\d+).*", "$1"));
    assertTrue(maxAge <= signedFor && maxAge > signedFor - 60, control);
    assertEquals(String.format(format, maxAge), control);
  }

  /** The signature on {@code signedRef} (a URI from a rewritten manifest) opens none of them. */
  private static void assertOpensNone(String signedRef, String... files) {
    String token = signedRef.substring(signedRef.indexOf('?'));
    for (String file : files) {
      assertDenied(send(request(URI.create(uri(assetId, file) + token)).build()),
          "RESOURCE_MISMATCH");
    }
  }

  private static void assertDenied(HttpResponse<byte[]> response, String code) {
    assertEquals(403, response.statusCode(), new String(response.body()));
    assertEquals(code, json(response).getString("code"));
    assertTrue(json(response).getString("message").length() > 0);
  }

  private static String body(HttpResponse<byte[]> response) {
    assertEquals(200, response.statusCode(), new String(response.body()));
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** The first line of {@code text} that starts with {@code prefix}. */
  private static String line(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no line " + prefix + "... in\n" + text));
  }

  private static String cookieHeader(SignedCookie cookies, String policyOrExpires) {
    return String.join("; ", policyOrExpires, cookies.signatureHeaderValue(),
        cookies.keyPairIdHeaderValue());
  }

  private static void putFile(String id, String file, byte[] bytes) {
    put(StorageLayout.renditionKey(id, file), bytes, "binary/octet-stream");
  }

  private static void put(String key, byte[] bytes, String contentType) {
    TestPlatform.get().s3Client().putObject(b -> b.bucket(TestPlatform.BUCKET).key(key)
        .contentType(contentType).contentLength((long) bytes.length),
        AsyncRequestBody.fromBytes(bytes)).join();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
