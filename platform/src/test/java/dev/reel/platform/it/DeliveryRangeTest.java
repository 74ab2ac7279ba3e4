package dev.reel.platform.it;

import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.delivery.http.DeliveryVerticle;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@code GET} and {@code HEAD /v1/media/{assetId}/source} against objects put straight into the
 * real S3 server: headers, single byte ranges under RFC 9110, and the JSON errors. Several
 * ranges are {@link DeliveryMultipartTest}'s, conditions {@link DeliveryConditionalTest}'s.
 * Every request is signed, as media is private.
 */
class DeliveryRangeTest {

  private static final int SIZE = 1000;
  private static final int LARGE_SIZE = 40 * 1024 * 1024;
  /** IMF-fixdate (RFC 9110 section 5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT". */
  private static final String IMF_FIXDATE =
      "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
          + "\\d{4} \\d{2}:\\d{2}:\\d{2} GMT";


  private static RunningService<DeliveryVerticle> delivery;
  private static byte[] media;
  private static String assetId;
  private static HeadObjectResponse stored;
  private static byte[] largeMedia;
  private static String largeAssetId;

  @BeforeAll
  static void putObjectsAndStart() {
    media = random(SIZE, 1);
    assetId = put(media, "video/mp4");
    stored = TestPlatform.get().s3Client().headObject(b -> b.bucket(TestPlatform.BUCKET)
        .key(StorageLayout.originalKey(assetId))).join();
    largeMedia = random(LARGE_SIZE, 40);
    largeAssetId = put(largeMedia, "video/webm");
    delivery = Services.delivery(new JsonObject());
  }

  @AfterAll
  static void stop() {
    if (delivery != null) {
      delivery.close();
    }
  }

  @Test
  @DisplayName("a GET without Range answers 200 with the whole body and its validators")
  void fullGet() {
    HttpResponse<byte[]> response = get(null);

    assertEquals(200, response.statusCode());
    assertEquals("bytes", header(response, "Accept-Ranges"));
    assertEquals(stored.eTag(), header(response, "ETag"));
    assertTrue(stored.eTag().startsWith("\""), "an entity tag is a quoted string");
    assertEquals(String.valueOf(SIZE), header(response, "Content-Length"));
    assertEquals("video/mp4", header(response, "Content-Type"));
    // Signed for an hour: kept no longer than that.
    String cacheControl = header(response, "Cache-Control");
    assertTrue(cacheControl.matches("public, max-age=3[56]\\d\\d, immutable"), cacheControl);
    assertEquals(stored.lastModified(), Instant.from(
        DateTimeFormatter.RFC_1123_DATE_TIME.parse(header(response, "Last-Modified"))));
    assertArrayEquals(media, response.body());
  }

  @Test
  @DisplayName("Last-Modified is an IMF-fixdate: a day of the month below 10 has two digits")
  void lastModifiedIsImfFixdate() throws Exception {
    String id = put(random(10, 6), "video/mp4");
    Instant sixth = Instant.parse("2026-11-06T08:49:37Z");
    // S3Proxy on the filesystem reports the file's modification time as Last-Modified.
    // Where the test platform's S3Proxy keeps the objects of the test bucket.
    Path s3Data = TestPlatform.get().dataDir().resolve("s3/blobs/" + TestPlatform.BUCKET);
    Files.setLastModifiedTime(s3Data.resolve(StorageLayout.originalKey(id)),
        FileTime.from(sixth));
    assertEquals(sixth, TestPlatform.get().s3Client().headObject(b -> b.bucket(TestPlatform.BUCKET)
        .key(StorageLayout.originalKey(id))).join().lastModified(), "S3 reports the set date");

    HttpResponse<byte[]> response = send(request(signed(sourcePath(id))).build());
    assertEquals(200, response.statusCode());
    assertEquals("Fri, 06 Nov 2026 08:49:37 GMT", header(response, "Last-Modified"));
    assertTrue(header(response, "Last-Modified").matches(IMF_FIXDATE));
  }

  @Test
  @DisplayName("HEAD answers the same status and headers as GET, and sends no body")
  void head() {
    HttpResponse<byte[]> head = send(request(signed(sourcePath(assetId)))
        .method("HEAD", BodyPublishers.noBody()).build());
    HttpResponse<byte[]> get = get(null);
    // The JDK client never reads a body after HEAD: look at the bytes on the wire as well.
    Http.RawResponse raw = Http.raw(delivery.uri("/"), "HEAD "
        + Signing.pathAndQuery(delivery.uri(sourcePath(assetId)))
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close", new byte[0], Duration.ofSeconds(5));

    assertEquals(200, head.statusCode());
    for (String name : new String[] {"Accept-Ranges", "ETag", "Content-Length", "Content-Type",
        "Last-Modified"}) {
      assertEquals(header(get, name), header(head, name), name);
      assertEquals(header(get, name), raw.header(name).orElse(null), name);
    }
    assertEquals(200, raw.status());
    assertEquals("", raw.body());
  }

  @Test
  @DisplayName("an empty original answers 200 with Content-Length 0, and any range 416")
  void emptyObject() {
    String id = put(new byte[0], "video/mp4");

    HttpResponse<byte[]> whole = send(request(signed(sourcePath(id))).build());
    assertEquals(200, whole.statusCode());
    assertEquals("0", header(whole, "Content-Length"));
    assertEquals(0, whole.body().length);
    HttpResponse<byte[]> ranged = send(request(signed(sourcePath(id)))
        .header("Range", "bytes=0-").build());
    assertEquals(416, ranged.statusCode());
    assertEquals("bytes */0", header(ranged, "Content-Range"));
    assertEquals("RANGE_NOT_SATISFIABLE", json(ranged).getString("code"));
  }

  @ParameterizedTest(name = "Range: {0} -> {1}-{2}")
  @CsvSource({
      "bytes=100-199, 100, 199",
      "bytes=0-0, 0, 0",
      "bytes=900-, 900, 999",
      "bytes=-100, 900, 999",
      "bytes=990-5000, 990, 999",
      "bytes=-5000, 0, 999",
      "bytes=999-999, 999, 999",
      "BYTES = 10-19, 10, 19"})
  @DisplayName("a satisfiable single range answers 206 with exactly those bytes and Content-Range")
  void partial(String range, int first, int last) {
    HttpResponse<byte[]> response = get(range);

    assertEquals(206, response.statusCode());
    assertEquals("bytes " + first + "-" + last + "/" + SIZE, header(response, "Content-Range"));
    assertEquals(String.valueOf(last - first + 1), header(response, "Content-Length"));
    assertEquals("bytes", header(response, "Accept-Ranges"));
    assertArrayEquals(Arrays.copyOfRange(media, first, last + 1), response.body());
  }

  @ParameterizedTest(name = "Range: {0}")
  @ValueSource(strings = {"bytes=1000-", "bytes=1000-1000", "bytes=5000-6000",
      "bytes=99999999999999999999-", "bytes=-0"})
  @DisplayName("a range starting at or past the end, or an empty suffix, answers 416 with "
      + "Content-Range bytes */length")
  void unsatisfiable(String range) {
    HttpResponse<byte[]> response = get(range);

    assertEquals(416, response.statusCode());
    assertEquals("bytes */" + SIZE, header(response, "Content-Range"));
    assertEquals("application/json", header(response, "Content-Type"));
    assertEquals("RANGE_NOT_SATISFIABLE", json(response).getString("code"));
  }

  @ParameterizedTest(name = "Range: {0}")
  @ValueSource(strings = {"bytes=5-2", "items=0-1", "bytes=abc", "bytes=", "bytes=-", "0-10",
      "bytes=1-2-3", "bytes=0-1,abc", "bytes=0-1;2-3"})
  @DisplayName("a syntactically invalid or non-bytes Range is ignored: 200 with the whole body")
  void invalidRangeIgnored(String range) {
    HttpResponse<byte[]> response = get(range);

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Range").isEmpty());
    assertArrayEquals(media, response.body());
  }

  @Test
  @DisplayName("a Range whose If-Range names the current ETag is honoured: 206")
  void matchingIfRange() {
    HttpResponse<byte[]> response = send(request(signed(sourcePath(assetId)))
        .header("Range", "bytes=0-9").header("If-Range", stored.eTag()).build());

    assertEquals(206, response.statusCode());
    assertArrayEquals(Arrays.copyOfRange(media, 0, 10), response.body());
  }

  @Test
  @DisplayName("a Range whose If-Range names another ETag is ignored: 200 with the whole body "
      + "(RFC 9110 13.2.2), so a resumed download never mixes two versions")
  void staleIfRange() {
    HttpResponse<byte[]> response = send(request(signed(sourcePath(assetId)))
        .header("Range", "bytes=0-9").header("If-Range", "\"an-older-version\"").build());

    assertEquals(200, response.statusCode(), header(response, "Content-Range"));
    assertTrue(response.headers().firstValue("Content-Range").isEmpty());
    assertArrayEquals(media, response.body());
  }

  @Test
  @DisplayName("a valid asset id with no original answers 404 ASSET_NOT_FOUND as JSON")
  void unknownAsset() {
    HttpResponse<byte[]> response = send(request(signed(sourcePath(AssetId.generate())))
        .build());

    assertEquals(404, response.statusCode());
    assertEquals("application/json", header(response, "Content-Type"));
    assertEquals("ASSET_NOT_FOUND", json(response).getString("code"));
  }

  @ParameterizedTest(name = "asset id {0}")
  @ValueSource(strings = {"not-an-asset-id", "01M8MBAJY0EYXSVBZG8MD895XC",
      "01m8mbajy0eyxsvbzg8md895x", "01m8mbajy0eyxsvbzg8md895xcc", "01m8mbajy0eyxsvbzg8md895xu"})
  @DisplayName("a malformed asset id answers 400 INVALID_ASSET_ID as JSON")
  void malformedAssetId(String id) {
    HttpResponse<byte[]> response = send(request(signed(sourcePath(id))).build());

    assertEquals(400, response.statusCode());
    assertEquals("application/json", header(response, "Content-Type"));
    assertEquals("INVALID_ASSET_ID", json(response).getString("code"));
  }

  @Test
  @DisplayName("an unknown path answers 404 NOT_FOUND as JSON")
  void unknownPath() {
    HttpResponse<byte[]> response = send(request(signed("/v1/media/" + assetId))
        .build());

    assertEquals(404, response.statusCode());
    assertEquals("application/json", header(response, "Content-Type"));
    assertEquals("NOT_FOUND", json(response).getString("code"));
  }

  @Test
  @DisplayName("POST to the source path answers 405 METHOD_NOT_ALLOWED as JSON")
  void postNotAllowed() {
    HttpResponse<byte[]> response = send(request(signed(sourcePath(assetId)))
        .POST(BodyPublishers.ofString("x")).build());

    assertEquals(405, response.statusCode(), new String(response.body()));
    assertEquals("application/json", header(response, "Content-Type"));
    assertEquals("METHOD_NOT_ALLOWED", json(response).getString("code"));
  }

  @Test
  @DisplayName("a 40 MiB original streams whole, byte for byte")
  void largeObjectStreamsWhole() throws Exception {
    HttpResponse<byte[]> response = send(request(signed(sourcePath(largeAssetId)))
        .build());

    assertEquals(200, response.statusCode());
    assertEquals(String.valueOf(LARGE_SIZE), header(response, "Content-Length"));
    assertEquals("video/webm", header(response, "Content-Type"));
    assertEquals(LARGE_SIZE, response.body().length);
    assertEquals(sha256(largeMedia), sha256(response.body()));
  }

  @Test
  @DisplayName("two Range field lines are an invalid Range, ignored: 200 with the whole body")
  void twoRangeLines() {
    HttpResponse<byte[]> response = send(request(signed(sourcePath(assetId)))
        .header("Range", "bytes=0-9").header("Range", "bytes=20-29").build());

    assertEquals(200, response.statusCode());
    assertEquals(null, header(response, "Content-Range"));
    assertArrayEquals(media, response.body());
  }

  // ---------------------------------------------------------------------------------------------

  private static HttpResponse<byte[]> get(String range) {
    var builder = request(signed(sourcePath(assetId)));
    if (range != null) {
      builder.header("Range", range);
    }
    return send(builder.build());
  }

  /** Delivery's URL of {@code path}, signed with the test platform's key. */
  private static URI signed(String path) {
    return Signing.url(delivery.uri(path));
  }

  private static String sourcePath(String id) {
    return "/v1/media/" + id + "/source";
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static String put(byte[] bytes, String contentType) {
    String id = AssetId.generate();
    TestPlatform.get().s3Client().putObject(b -> b.bucket(TestPlatform.BUCKET)
        .key(StorageLayout.originalKey(id)).contentType(contentType)
        .contentLength((long) bytes.length), AsyncRequestBody.fromBytes(bytes)).join();
    return id;
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
