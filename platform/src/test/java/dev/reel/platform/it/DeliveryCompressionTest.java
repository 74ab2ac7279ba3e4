package dev.reel.platform.it;

import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.delivery.http.DeliveryVerticle;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gzip and brotli for manifests and tracks, and only for them: never for media, images or the
 * original, never for a request with a Range; with {@code Vary: Accept-Encoding}, an exact
 * Content-Length and an ETag of the coded representation.
 */
class DeliveryCompressionTest {

  private static final String PLAYLIST = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n"
      + "#EXT-X-MAP:URI=\"init.mp4\"\n"
      + "#EXTINF:4.000,\nseg_00001.m4s\n".repeat(200) + "#EXT-X-ENDLIST\n";

  private static RunningService<DeliveryVerticle> delivery;
  private static String id;
  private static byte[] playlist;
  private static byte[] segment;

  @BeforeAll
  static void putOutputsAndStart() {
    id = AssetId.generate();
    playlist = PLAYLIST.getBytes(StandardCharsets.UTF_8);
    for (String file : List.of("cmaf/360p/index.m3u8", "manifest.mpd", "job.json",
        "thumbs/storyboard.vtt")) {
      TestBucket.put(StorageLayout.renditionKey(id, file), playlist, "binary/octet-stream");
    }
    TestBucket.put(StorageLayout.renditionKey(id, "master.m3u8"),
        "#EXTM3U\n".getBytes(StandardCharsets.UTF_8), "binary/octet-stream");
    // Text that compresses well, under names that must never be compressed.
    segment = playlist;
    TestBucket.put(StorageLayout.renditionKey(id, "cmaf/360p/seg_00001.m4s"), segment,
        "binary/octet-stream");
    TestBucket.put(StorageLayout.renditionKey(id, "thumbs/poster.jpg"), segment, "image/jpeg");
    TestBucket.put(StorageLayout.originalKey(id), segment, "video/mp4");
    delivery = Services.delivery(publicMedia());
  }

  @AfterAll
  static void stop() {
    if (delivery != null) {
      delivery.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"cmaf/360p/index.m3u8", "manifest.mpd", "job.json",
      "thumbs/storyboard.vtt"})
  @DisplayName("a manifest or track asked for with gzip comes gzip-coded, with its exact length, "
      + "Vary: Accept-Encoding and its own ETag")
  void gzip(String file) throws IOException {
    HttpResponse<byte[]> identity = get(file, null);
    HttpResponse<byte[]> coded = get(file, "gzip, deflate");

    assertEquals(200, coded.statusCode());
    assertEquals("gzip", header(coded, "Content-Encoding"));
    assertEquals(String.valueOf(coded.body().length), header(coded, "Content-Length"));
    assertTrue(coded.body().length < playlist.length / 4, coded.body().length + " bytes");
    assertArrayEquals(playlist, new GZIPInputStream(new ByteArrayInputStream(coded.body()))
        .readAllBytes());
    assertTrue(header(coded, "Vary").contains("Accept-Encoding"));
    assertEquals(header(identity, "ETag").replaceAll("\"$", "-gzip\""), header(coded, "ETag"));
  }

  @Test
  @DisplayName("a client that offers br gets brotli, and the bytes decode to the playlist")
  void brotli() throws IOException {
    assumeTrue(Brotli4jLoader.isAvailable(), "no brotli on this platform");
    HttpResponse<byte[]> coded = get("cmaf/360p/index.m3u8", "gzip, deflate, br");

    assertEquals("br", header(coded, "Content-Encoding"));
    assertEquals(String.valueOf(coded.body().length), header(coded, "Content-Length"));
    var decoded = Decoder.decompress(coded.body());
    assertEquals(DecoderJNI.Status.DONE, decoded.getResultStatus());
    assertArrayEquals(playlist, decoded.getDecompressedData());
  }

  @Test
  @DisplayName("a playlist rewritten for a signed URL is gzip-coded too: the same rewritten "
      + "bytes, Vary, an ETag of its own and a 304 for that ETag")
  void signedPlaylist() throws IOException {
    try (RunningService<DeliveryVerticle> signed = Services.delivery(new JsonObject())) {
      URI url = Signing.url(signed.uri(path("cmaf/360p/index.m3u8")));
      HttpResponse<byte[]> identity = send(request(url).build());
      HttpResponse<byte[]> coded = send(request(url).header("Accept-Encoding", "gzip").build());

      assertEquals(200, identity.statusCode(), new String(identity.body()));
      assertTrue(new String(identity.body(), StandardCharsets.UTF_8)
          .contains("seg_00001.m4s?Policy="), "the segments' URIs carry the token");
      assertTrue(identity.headers().firstValue("Content-Encoding").isEmpty());
      assertEquals(200, coded.statusCode());
      assertEquals("gzip", header(coded, "Content-Encoding"));
      assertEquals(String.valueOf(coded.body().length), header(coded, "Content-Length"));
      assertArrayEquals(identity.body(), new GZIPInputStream(
          new ByteArrayInputStream(coded.body())).readAllBytes());
      assertEquals("Accept-Encoding", header(identity, "Vary"));
      assertEquals("Accept-Encoding", header(coded, "Vary"));
      assertNotEquals(header(identity, "ETag"), header(coded, "ETag"));
      assertEquals(304, send(request(url).header("Accept-Encoding", "gzip")
          .header("If-None-Match", header(coded, "ETag")).build()).statusCode());
    }
  }

  @Test
  @DisplayName("Accept-Encoding over two field lines is one list: gzip on one, br on the other, "
      + "gets brotli as gzip, br on one line does")
  void acceptEncodingOverTwoLines() {
    assumeTrue(Brotli4jLoader.isAvailable(), "no brotli on this platform");
    HttpResponse<byte[]> coded = send(request(delivery.uri(path("cmaf/360p/index.m3u8")))
        .header("Accept-Encoding", "gzip").header("Accept-Encoding", "br").build());

    assertEquals("br", header(coded, "Content-Encoding"));
    assertEquals("br", header(get("cmaf/360p/index.m3u8", "gzip, br"), "Content-Encoding"));
  }

  @Test
  @DisplayName("without Accept-Encoding a manifest comes as stored, still with Vary")
  void identity() {
    HttpResponse<byte[]> response = get("cmaf/360p/index.m3u8", null);

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Encoding").isEmpty());
    assertEquals("Accept-Encoding", header(response, "Vary"));
    assertArrayEquals(playlist, response.body());
  }

  @Test
  @DisplayName("a Range on a manifest is served from the stored bytes, never coded")
  void rangeNeverCoded() {
    HttpResponse<byte[]> response = send(request(delivery.uri(path("cmaf/360p/index.m3u8")))
        .header("Accept-Encoding", "gzip, br").header("Range", "bytes=0-99").build());

    assertEquals(206, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Encoding").isEmpty());
    assertArrayEquals(Arrays.copyOfRange(playlist, 0, 100), response.body());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/v1/media/ID/cmaf/360p/seg_00001.m4s", "/v1/media/ID/thumbs/poster.jpg",
      "/v1/media/ID/source"})
  @DisplayName("segments, images and originals are never coded, and do not Vary on it")
  void mediaNeverCoded(String template) {
    HttpResponse<byte[]> response = send(request(delivery.uri(template.replace("ID", id)))
        .header("Accept-Encoding", "gzip, br").build());

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Encoding").isEmpty());
    assertTrue(response.headers().firstValue("Vary").isEmpty());
    assertArrayEquals(segment, response.body());
  }

  @Test
  @DisplayName("a file too small to gain is sent as stored")
  void tinyNotCoded() {
    HttpResponse<byte[]> response = get("master.m3u8", "gzip");

    assertTrue(response.headers().firstValue("Content-Encoding").isEmpty());
    assertEquals("#EXTM3U\n", new String(response.body(), StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("revalidating a gzip copy with its ETag is 304; the stored copy's ETag does not "
      + "match the gzip representation")
  void revalidation() {
    String codedEtag = header(get("manifest.mpd", "gzip"), "ETag");
    String identityEtag = header(get("manifest.mpd", null), "ETag");

    HttpResponse<byte[]> same = send(request(delivery.uri(path("manifest.mpd")))
        .header("Accept-Encoding", "gzip").header("If-None-Match", codedEtag).build());
    HttpResponse<byte[]> other = send(request(delivery.uri(path("manifest.mpd")))
        .header("Accept-Encoding", "gzip").header("If-None-Match", identityEtag).build());
    assertEquals(304, same.statusCode());
    assertEquals(codedEtag, header(same, "ETag"));
    assertEquals("Accept-Encoding", header(same, "Vary"));
    assertEquals(200, other.statusCode());
    assertEquals("gzip", header(other, "Content-Encoding"));
  }

  @Test
  @DisplayName("HEAD with gzip announces the coded length and sends no body")
  void head() {
    HttpResponse<byte[]> get = get("job.json", "gzip");
    Http.RawResponse head = Http.raw(delivery.uri("/"), "HEAD " + path("job.json")
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\nConnection: close",
        new byte[0], Duration.ofSeconds(5));

    assertEquals(200, head.status());
    assertEquals("gzip", head.header("Content-Encoding").orElse(null));
    assertEquals(header(get, "Content-Length"), head.header("Content-Length").orElse(null));
    assertEquals("", head.body());
  }

  // ---------------------------------------------------------------------------------------------

  private static HttpResponse<byte[]> get(String file, String acceptEncoding) {
    var builder = request(delivery.uri(path(file)));
    if (acceptEncoding != null) {
      builder.header("Accept-Encoding", acceptEncoding);
    }
    return send(builder.build());
  }

  private static String path(String file) {
    return "/v1/media/" + id + "/" + file;
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** Public media: this class tests HTTP behaviour; signing is tested on its own. */
  private static JsonObject publicMedia() {
    return new JsonObject().put("REEL_DELIVERY_PUBLIC_ASSETS", "*");
  }
}
