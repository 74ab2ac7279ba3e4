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
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * {@code GET} and {@code HEAD /v1/media/{assetId}/{file}}: transcode outputs put into the real S3
 * server in the layout the transcoder writes, served with their content types, ranges and
 * validators to a viewer with signed cookies; paths that try to leave the asset's folder are
 * refused.
 */
class DeliveryRenditionsTest {

  private static final String MASTER = """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="audio",URI="cmaf/audio/index.m3u8"
      #EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS="avc1.64001e,mp4a.40.2",AUDIO="audio"
      cmaf/360p/index.m3u8
      """;

  private static RunningService<DeliveryVerticle> delivery;
  private static String assetId;
  private static String otherAssetId;
  /** Every file of the asset, by its path relative to the asset's renditions folder. */
  private static final Map<String, byte[]> FILES = new LinkedHashMap<>();

  @BeforeAll
  static void putOutputsAndStart() {
    FILES.put("master.m3u8", MASTER.getBytes(StandardCharsets.UTF_8));
    FILES.put("manifest.mpd", "<?xml version=\"1.0\"?><MPD/>".getBytes(StandardCharsets.UTF_8));
    FILES.put("job.json", "{\"jobId\":\"job-1\"}".getBytes(StandardCharsets.UTF_8));
    FILES.put("cmaf/360p/index.m3u8", "#EXTM3U\n".getBytes(StandardCharsets.UTF_8));
    FILES.put("cmaf/360p/init.mp4", random(700, 1));
    FILES.put("cmaf/360p/seg_00001.m4s", random(5000, 2));
    FILES.put("cmaf/audio/seg_00001.m4s", random(1200, 3));
    FILES.put("thumbs/poster.jpg", random(900, 4));
    FILES.put("thumbs/storyboard.jpg", random(1500, 5));
    FILES.put("thumbs/storyboard.vtt", "WEBVTT\n".getBytes(StandardCharsets.UTF_8));
    assetId = AssetId.generate();
    otherAssetId = AssetId.generate();
    // Stored with a type no player understands: the answer's type must come from the name.
    FILES.forEach((file, bytes) -> put(assetId, file, bytes, "binary/octet-stream"));
    put(otherAssetId, "master.m3u8", "#EXTM3U\n# other\n".getBytes(StandardCharsets.UTF_8),
        "application/vnd.apple.mpegurl");
    delivery = Services.delivery(new JsonObject());
  }

  @AfterAll
  static void stop() {
    if (delivery != null) {
      delivery.close();
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "master.m3u8, application/vnd.apple.mpegurl, 'private, max-age=2'",
      "manifest.mpd, application/dash+xml, 'private, max-age=2'",
      "job.json, application/json, 'private, max-age=2'",
      "cmaf/360p/index.m3u8, application/vnd.apple.mpegurl, 'private, max-age=2'",
      "cmaf/360p/init.mp4, video/mp4, 'private, max-age=LEFT, immutable'",
      "cmaf/360p/seg_00001.m4s, video/iso.segment, 'private, max-age=LEFT, immutable'",
      "cmaf/audio/seg_00001.m4s, video/iso.segment, 'private, max-age=LEFT, immutable'",
      "thumbs/poster.jpg, image/jpeg, 'private, max-age=LEFT, immutable'",
      "thumbs/storyboard.jpg, image/jpeg, 'private, max-age=LEFT, immutable'",
      "thumbs/storyboard.vtt, text/vtt, 'private, max-age=LEFT, immutable'"})
  @DisplayName("each output is served whole from its place in the asset's folder, typed by name; "
      + "manifests of an asset not known to be ready are cached two seconds; privately, as the "
      + "viewer's cookies let them through; the rest no longer than the cookies are good for "
      + "(LEFT: the hour they were signed for, less the seconds since)")
  void servesOutput(String file, String contentType, String cacheControl) {
    HttpResponse<byte[]> response = send(viewer(path(assetId, file)).build());

    assertEquals(200, response.statusCode());
    assertEquals(contentType, header(response, "Content-Type"));
    assertEquals(cacheControl, header(response, "Cache-Control").replaceAll(
        "max-age=3[56]\\d\\d\\b", "max-age=LEFT"));
    assertEquals("nosniff", header(response, "X-Content-Type-Options"));
    assertEquals(String.valueOf(FILES.get(file).length), header(response, "Content-Length"));
    assertArrayEquals(FILES.get(file), response.body());
  }

  @Test
  @DisplayName("a range of a segment answers 206 with exactly those bytes")
  void segmentRange() {
    byte[] segment = FILES.get("cmaf/360p/seg_00001.m4s");
    HttpResponse<byte[]> response = send(viewer(path(assetId, "cmaf/360p/seg_00001.m4s"))
        .header("Range", "bytes=1000-1999").build());

    assertEquals(206, response.statusCode());
    assertEquals("bytes 1000-1999/" + segment.length, header(response, "Content-Range"));
    assertEquals("1000", header(response, "Content-Length"));
    assertEquals("video/iso.segment", header(response, "Content-Type"));
    assertArrayEquals(Arrays.copyOfRange(segment, 1000, 2000), response.body());
  }

  @Test
  @DisplayName("a range past the end of a segment answers 416 with Content-Range bytes */length")
  void segmentRangeUnsatisfiable() {
    HttpResponse<byte[]> response = send(viewer(path(assetId, "cmaf/360p/seg_00001.m4s"))
        .header("Range", "bytes=5000-").build());

    assertEquals(416, response.statusCode());
    assertEquals("bytes */5000", header(response, "Content-Range"));
    assertEquals("RANGE_NOT_SATISFIABLE", json(response).getString("code"));
  }

  @Test
  @DisplayName("HEAD of a segment answers GET's status and headers, and no body on the wire")
  void headSegment() {
    String segment = path(assetId, "cmaf/360p/seg_00001.m4s");
    HttpResponse<byte[]> get = send(viewer(segment).build());
    Http.RawResponse head = Http.raw(delivery.uri("/"), "HEAD " + segment
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + Signing.assetCookies(delivery.uri(segment))
        + "\r\nConnection: close", new byte[0], Duration.ofSeconds(5));

    assertEquals(200, head.status());
    for (String name : new String[] {"Accept-Ranges", "ETag", "Content-Length", "Content-Type",
        "Last-Modified", "Cache-Control"}) {
      assertEquals(header(get, name), head.header(name).orElse(null), name);
    }
    assertEquals("", head.body());
  }

  @Test
  @DisplayName("a playlist revalidated with its ETag answers 304 with no body")
  void playlistRevalidation() {
    String master = path(assetId, "master.m3u8");
    String etag = header(send(viewer(master).build()), "ETag");
    HttpResponse<byte[]> again = send(viewer(master).header("If-None-Match", etag).build());
    HttpResponse<byte[]> changed = send(viewer(master)
        .header("If-None-Match", "\"another-version\"").build());

    assertEquals(304, again.statusCode());
    assertEquals(0, again.body().length);
    assertEquals(etag, header(again, "ETag"));
    assertEquals("private, max-age=2", header(again, "Cache-Control"));
    assertEquals(200, changed.statusCode());
    assertArrayEquals(FILES.get("master.m3u8"), changed.body());
  }

  @Test
  @DisplayName("a file the asset does not have answers 404 MEDIA_FILE_NOT_FOUND as JSON")
  void unknownFile() {
    for (String missing : new String[] {path(assetId, "cmaf/1080p/seg_00001.m4s"),
        path(assetId, "thumbs/nothing.jpg"), path(AssetId.generate(), "master.m3u8")}) {
      HttpResponse<byte[]> response = send(viewer(missing).build());

      assertEquals(404, response.statusCode(), missing);
      assertEquals("application/json", header(response, "Content-Type"));
      assertEquals("MEDIA_FILE_NOT_FOUND", json(response).getString("code"));
    }
  }

  @Test
  @DisplayName("a media path that names no file answers 404 NOT_FOUND as JSON, signed or not")
  void pathWithoutFile() {
    for (String noFile : new String[] {"/v1/media/" + assetId, "/v1/media/"}) {
      for (HttpRequest.Builder request : List.of(viewer(noFile), request(delivery.uri(noFile)))) {
        HttpResponse<byte[]> response = send(request.build());

        assertEquals(404, response.statusCode(), noFile);
        assertEquals("application/json", header(response, "Content-Type"));
        assertEquals("NOT_FOUND", json(response).getString("code"));
      }
    }
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
      "/v1/media/ID/../OTHER/master.m3u8, 400, INVALID_MEDIA_PATH",
      "/v1/media/ID/cmaf/../../OTHER/master.m3u8, 400, INVALID_MEDIA_PATH",
      "/v1/media/ID/%2e%2e/OTHER/master.m3u8, 400, INVALID_MEDIA_PATH",
      "/v1/media/ID/cmaf/360p/..%2f..%2f..%2fOTHER%2fmaster.m3u8, 400, INVALID_MEDIA_PATH",
      "/v1/media/ID/cmaf%2F360p%2Finit.mp4, 400, INVALID_MEDIA_PATH",
      "/v1/media/ID/cmaf%5C360p%5Cinit.mp4, 400, INVALID_MEDIA_PATH",
      "/v1/media/ID/cmaf\\360p\\init.mp4, 400, INVALID_MEDIA_PATH",
      "/v1/media/ID//etc/passwd, 400, INVALID_MEDIA_PATH",
      "/v1/media/ID/cmaf//360p/init.mp4, 400, INVALID_MEDIA_PATH",
      "/v1/media/ID/./master.m3u8, 400, INVALID_MEDIA_PATH",
      "/v1/media/ID/, 400, INVALID_MEDIA_PATH",
      "/v1/media/ID/master.m3u8%00.jpg, 400, INVALID_MEDIA_PATH",
      "/v1/media/ID%2e/master.m3u8, 400, INVALID_ASSET_ID",
      "/v1/media/not-an-asset-id/master.m3u8, 400, INVALID_ASSET_ID",
      "/v1/media/ID/../../../../etc/passwd, 404, NOT_FOUND",
      "/v1/media/ID/%2e%2e/%2e%2e/%2e%2e/etc/passwd, 404, NOT_FOUND",
      "/v1/media/%2e%2e/OTHER/master.m3u8, 404, NOT_FOUND"})
  @DisplayName("a path that tries to leave the asset's folder is refused with a JSON 4xx")
  void traversalRefused(String template, int status, String code) {
    String raw = template.replace("OTHER", otherAssetId).replace("ID", assetId);
    Http.RawResponse response = Http.raw(delivery.uri("/"), "GET " + raw
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close", new byte[0], Duration.ofSeconds(5));

    assertEquals(status, response.status(), response.body());
    assertEquals("application/json", response.header("Content-Type").orElse(null));
    assertEquals(code, new JsonObject(response.body()).getString("code"));
  }

  @Test
  @DisplayName("POST to a media file answers 405 METHOD_NOT_ALLOWED as JSON")
  void postNotAllowed() {
    HttpResponse<byte[]> response = send(request(delivery.uri(path(assetId, "master.m3u8")))
        .POST(BodyPublishers.ofString("x")).build());

    assertEquals(405, response.statusCode(), new String(response.body()));
    assertEquals("METHOD_NOT_ALLOWED", json(response).getString("code"));
  }

  @Test
  @DisplayName("'source' under the media path is still the original, not a rendition file")
  void sourceIsTheOriginal() {
    put(assetId, "source", random(10, 9), "video/mp4");
    HttpResponse<byte[]> response = send(viewer(path(assetId, "source")).build());

    assertEquals(404, response.statusCode());
    assertEquals("ASSET_NOT_FOUND", json(response).getString("code"));
    assertTrue(json(response).getString("message").contains(assetId));
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * A request for {@code path} from a viewer holding signed cookies for the asset's folder: the
   * files come as stored (a signed URL would have the manifests' URIs signed too).
   */
  private static HttpRequest.Builder viewer(String path) {
    return request(delivery.uri(path)).header("Cookie", Signing.assetCookies(delivery.uri(path)));
  }

  private static String path(String id, String file) {
    return "/v1/media/" + id + "/" + file;
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static void put(String id, String file, byte[] bytes, String contentType) {
    TestPlatform.get().s3Client().putObject(b -> b.bucket(TestPlatform.BUCKET)
        .key(StorageLayout.renditionKey(id, file)).contentType(contentType)
        .contentLength((long) bytes.length), AsyncRequestBody.fromBytes(bytes)).join();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
