package dev.reel.platform.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.delivery.config.DeliveryConfig;
import dev.reel.delivery.http.DeliveryVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 on delivery: h2c on the plain port (by Upgrade, as the JDK client does, and with prior
 * knowledge, as curl and Vert.x can), and h2 over TLS by ALPN once a certificate is configured;
 * ranges, multipart, compression and errors behave as on HTTP/1.1.
 */
class DeliveryHttp2Test {

  @TempDir
  static Path certificates;

  private static RunningService<DeliveryVerticle> plain;
  private static RunningService<DeliveryVerticle> secure;
  private static TestCertificate certificate;
  private static byte[] media;
  private static String source;
  private static String manifest;
  private static byte[] manifestBytes;
  private static byte[] segment;

  @BeforeAll
  static void start() {
    String id = AssetId.generate();
    media = TestBucket.random(300_000, 51);
    TestBucket.put(StorageLayout.originalKey(id), media, "video/mp4");
    manifestBytes = "#EXTM3U\n#EXTINF:4.0,\nseg.m4s\n".repeat(40)
        .getBytes(StandardCharsets.UTF_8);
    TestBucket.put(StorageLayout.renditionKey(id, "cmaf/360p/index.m3u8"), manifestBytes,
        "application/vnd.apple.mpegurl");
    segment = TestBucket.random(20_000, 52);
    TestBucket.put(StorageLayout.renditionKey(id, "cmaf/360p/seg.m4s"), segment,
        "video/iso.segment");
    source = "/v1/media/" + id + "/source";
    manifest = "/v1/media/" + id + "/cmaf/360p/index.m3u8";
    certificate = TestCertificate.create(certificates);
    plain = Services.delivery(publicMedia());
    secure = Services.delivery(publicMedia()
        .put(DeliveryConfig.TLS_CERT_FILE, certificate.certFile().toString())
        .put(DeliveryConfig.TLS_KEY_FILE, certificate.keyFile().toString()));
  }

  @AfterAll
  static void stop() {
    for (RunningService<?> service : Arrays.asList(plain, secure)) {
      if (service != null) {
        service.close();
      }
    }
  }

  @Test
  @DisplayName("the JDK client asking for HTTP/2 on the plain port is upgraded to h2c and gets "
      + "the whole original")
  void h2cUpgrade() {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<byte[]> response = Http.send(client, Http.request(plain.uri(source)).build());

    assertEquals(HttpClient.Version.HTTP_2, response.version());
    assertEquals(200, response.statusCode());
    assertArrayEquals(media, response.body());
  }

  @Test
  @DisplayName("h2 over TLS by ALPN: a range, several ranges and a gzip manifest as on HTTP/1.1")
  void h2OverTls() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
        .sslContext(certificate.trusting()).build();

    HttpResponse<byte[]> range = Http.send(client, Http.request(https(source))
        .header("Range", "bytes=1000-1999").build());
    HttpResponse<byte[]> parts = Http.send(client, Http.request(https(source))
        .header("Range", "bytes=0-9,200000-").build());
    HttpResponse<byte[]> coded = Http.send(client, Http.request(https(manifest))
        .header("Accept-Encoding", "gzip").build());

    assertEquals(HttpClient.Version.HTTP_2, range.version());
    assertEquals(206, range.statusCode());
    assertArrayEquals(Arrays.copyOfRange(media, 1000, 2000), range.body());
    List<MultipartBody.Part> read = MultipartBody.parse(
        parts.headers().firstValue("Content-Type").orElseThrow(), parts.body());
    assertEquals(2, read.size());
    assertArrayEquals(Arrays.copyOfRange(media, 200_000, media.length), read.get(1).bytes());
    assertEquals("gzip", coded.headers().firstValue("Content-Encoding").orElse(null));
    assertArrayEquals(manifestBytes,
        new GZIPInputStream(new ByteArrayInputStream(coded.body())).readAllBytes());
  }

  @Test
  @DisplayName("over TLS with signing on: a URL the AWS SDK signed for https plays, so do the "
      + "URIs a signed playlist hands out, and the same URL signed for http is refused")
  void signedOverTls() {
    try (RunningService<DeliveryVerticle> signed = Services.delivery(new JsonObject()
        .put(DeliveryConfig.TLS_CERT_FILE, certificate.certFile().toString())
        .put(DeliveryConfig.TLS_KEY_FILE, certificate.keyFile().toString()))) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
          .sslContext(certificate.trusting()).build();
      String base = "https://127.0.0.1:" + signed.uri("/").getPort();

      HttpResponse<byte[]> range = Http.send(client, Http.request(
          Signing.url(URI.create(base + source))).header("Range", "bytes=0-99").build());
      assertEquals(206, range.statusCode(), new String(range.body(), StandardCharsets.UTF_8));
      assertArrayEquals(Arrays.copyOfRange(media, 0, 100), range.body());

      URI playlist = Signing.url(URI.create(base + manifest));
      HttpResponse<byte[]> rewritten = Http.send(client, Http.request(playlist).build());
      assertEquals(200, rewritten.statusCode());
      String uri = new String(rewritten.body(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.startsWith("#")).findFirst().orElseThrow();
      assertTrue(uri.startsWith("seg.m4s?Policy="), uri);
      HttpResponse<byte[]> fetched = Http.send(client, Http.request(playlist.resolve(uri))
          .build());
      assertEquals(200, fetched.statusCode(), new String(fetched.body(), StandardCharsets.UTF_8));
      assertArrayEquals(segment, fetched.body());

      URI forHttp = Signing.url(URI.create("http://127.0.0.1:" + signed.uri("/").getPort()
          + source));
      HttpResponse<byte[]> refused = Http.send(client, Http.request(URI.create(base
          + forHttp.getRawPath() + "?" + forHttp.getRawQuery())).build());
      assertEquals(403, refused.statusCode());
      assertEquals("SIGNATURE_INVALID", Http.json(refused).getString("code"));
    }
  }

  @Test
  @DisplayName("an HTTP/1.1 client still gets HTTPS when it offers no h2")
  void http11OverTls() {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(certificate.trusting()).build();
    HttpResponse<byte[]> response = Http.send(client, Http.request(https(source))
        .header("Range", "bytes=0-99").build());

    assertEquals(HttpClient.Version.HTTP_1_1, response.version());
    assertEquals(206, response.statusCode());
    assertArrayEquals(Arrays.copyOfRange(media, 0, 100), response.body());
  }

  @Test
  @DisplayName("errors on h2 are the same JSON: 416 with Content-Range, 404 with a code")
  void errorsOverH2() {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
        .sslContext(certificate.trusting()).build();
    HttpResponse<byte[]> unsatisfiable = Http.send(client, Http.request(https(source))
        .header("Range", "bytes=999999-").build());
    HttpResponse<byte[]> missing = Http.send(client, Http.request(https("/v1/media/"
        + AssetId.generate() + "/source")).build());

    assertEquals(416, unsatisfiable.statusCode());
    assertEquals("bytes */" + media.length,
        unsatisfiable.headers().firstValue("Content-Range").orElse(null));
    assertEquals(404, missing.statusCode());
    assertEquals("ASSET_NOT_FOUND", Http.json(missing).getString("code"));
  }

  @Test
  @DisplayName("a client with prior knowledge speaks h2c from the first byte (Vert.x client)")
  void h2cPriorKnowledge() throws Exception {
    assertRangeOverH2c(Map.of());
  }

  @Test
  @DisplayName("headers as large as CloudFront takes (a 16 KiB cookie) are read over h2c")
  void largeHeadersOverH2c() throws Exception {
    assertRangeOverH2c(Map.of("Cookie", "session=" + "c".repeat(16 * 1024)));
  }

  private void assertRangeOverH2c(Map<String, String> headers) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      var client = vertx.createHttpClient(new HttpClientOptions()
          .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
          .setAbsoluteURI(plain.uri(source).toString()).putHeader("Range", "bytes=5-14");
      headers.forEach(options::putHeader);
      var answer = client.request(options)
          .compose(request -> request.send())
          .compose(response -> response.body().map(body -> List.of(response.version(),
              response.statusCode(), body.getBytes())))
          .await(30, TimeUnit.SECONDS);

      assertEquals(HttpVersion.HTTP_2, answer.get(0));
      assertEquals(206, answer.get(1));
      assertArrayEquals(Arrays.copyOfRange(media, 5, 15), (byte[]) answer.get(2));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("curl --http2-prior-knowledge gets HTTP/2 and the right bytes (where curl is)")
  void curlPriorKnowledge() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "no curl here");
    Path out = certificates.resolve("curl.out");
    Process curl = new ProcessBuilder("/usr/bin/curl", "-s", "--http2-prior-knowledge",
        "-o", out.toString(), "-w", "%{http_version} %{http_code}", "-H", "Range: bytes=0-999",
        plain.uri(source).toString()).redirectErrorStream(true).start();
    String result = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(curl.waitFor(60, TimeUnit.SECONDS));

    assertEquals("2 206", result.trim());
    assertArrayEquals(Arrays.copyOfRange(media, 0, 1000), Files.readAllBytes(out));
  }

  @Test
  @DisplayName("plain HTTP to the TLS port gets no answer")
  void plainToTlsPort() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI plainToTls = URI.create("http://127.0.0.1:" + secure.uri("/").getPort() + source);

    assertThrows(IllegalStateException.class, () -> Http.send(client,
        Http.request(plainToTls).timeout(Duration.ofSeconds(5)).build()));
  }

  @Test
  @DisplayName("a missing certificate file, a key without its certificate, or a file that is no "
      + "PEM stops the start with the setting or the files named")
  void badTlsSettings() throws Exception {
    Path garbage = Files.writeString(certificates.resolve("garbage.crt"), "not a certificate");

    assertTrue(startFailure(new JsonObject()
        .put(DeliveryConfig.TLS_CERT_FILE, certificates.resolve("nope.crt").toString())
        .put(DeliveryConfig.TLS_KEY_FILE, certificate.keyFile().toString()))
        .contains(DeliveryConfig.TLS_CERT_FILE));
    assertTrue(startFailure(new JsonObject()
        .put(DeliveryConfig.TLS_KEY_FILE, certificate.keyFile().toString()))
        .contains(DeliveryConfig.TLS_CERT_FILE));
    assertTrue(startFailure(new JsonObject()
        .put(DeliveryConfig.TLS_CERT_FILE, garbage.toString())
        .put(DeliveryConfig.TLS_KEY_FILE, certificate.keyFile().toString()))
        .contains("could not listen with TLS, certificate " + garbage));
  }

  @Test
  @DisplayName("a certificate with the key of another (both RSA) stops the start, naming both "
      + "files, rather than failing every handshake later")
  void keyOfAnotherCertificate() throws Exception {
    TestCertificate other = TestCertificate.create(Files.createDirectories(
        certificates.resolve("other")));

    String failure = startFailure(new JsonObject()
        .put(DeliveryConfig.TLS_CERT_FILE, certificate.certFile().toString())
        .put(DeliveryConfig.TLS_KEY_FILE, other.keyFile().toString()));
    assertTrue(failure.contains("the private key in " + other.keyFile() + " does not belong to "
        + "the certificate in " + certificate.certFile()), failure);
  }

  // ---------------------------------------------------------------------------------------------

  /** The messages of the failure that stopped a delivery with these settings, causes included. */
  private static String startFailure(JsonObject overrides) {
    try (RunningService<DeliveryVerticle> started =
        Services.delivery(publicMedia().mergeIn(overrides))) {
      throw new AssertionError("delivery started with " + overrides);
    } catch (RuntimeException e) {
      StringBuilder messages = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.append(t.getMessage()).append(" / ");
      }
      return messages.toString();
    }
  }

  private static URI https(String path) {
    return URI.create("https://127.0.0.1:" + secure.uri("/").getPort() + path);
  }

  /** Public media: this class tests HTTP behaviour; signing is tested on its own. */
  private static JsonObject publicMedia() {
    return new JsonObject().put("REEL_DELIVERY_PUBLIC_ASSETS", "*");
  }
}
