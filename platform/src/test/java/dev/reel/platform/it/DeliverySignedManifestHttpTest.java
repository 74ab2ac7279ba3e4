package dev.reel.platform.it;

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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A manifest rewritten for a signed URL is answered under the same HTTP rules as a stored file:
 * its conditionals, byte ranges over the rewritten bytes, Accept-Ranges and HEAD.
 */
class DeliverySignedManifestHttpTest {

  private static final byte[] MASTER = ("#EXTM3U\n#EXT-X-VERSION:7\n"
      + "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\ncmaf/360p/index.m3u8\n")
      .getBytes(StandardCharsets.UTF_8);

  private static RunningService<DeliveryVerticle> delivery;
  private static URI master;

  @BeforeAll
  static void putAndStart() {
    String id = AssetId.generate();
    TestBucket.put(StorageLayout.renditionKey(id, "master.m3u8"), MASTER, "binary/octet-stream");
    delivery = Services.delivery(new JsonObject());
    master = Signing.url(delivery.uri("/v1/media/" + id + "/master.m3u8"));
  }

  @AfterAll
  static void stop() {
    if (delivery != null) {
      delivery.close();
    }
  }

  @Test
  @DisplayName("the rewritten master says Accept-Ranges: bytes")
  void acceptRanges() {
    HttpResponse<byte[]> full = send(request(master).build());

    assertEquals(200, full.statusCode(), new String(full.body(), StandardCharsets.UTF_8));
    assertTrue(new String(full.body(), StandardCharsets.UTF_8)
        .contains("index.m3u8?Policy="), "the variant's URI carries the token");
    assertEquals("bytes", header(full, "Accept-Ranges"));
    assertEquals("private, no-cache", header(full, "Cache-Control"));
    assertEquals("nosniff", header(full, "X-Content-Type-Options"));
  }

  @Test
  @DisplayName("If-Match that names another tag is answered 412, not the manifest")
  void ifMatchMismatch() {
    HttpResponse<byte[]> response = send(request(master).header("If-Match", "\"nope\"").build());

    assertEquals(412, response.statusCode());
  }

  @Test
  @DisplayName("If-Match with the rewritten manifest's own ETag is answered 200")
  void ifMatchOwnTag() {
    String etag = header(send(request(master).build()), "ETag");

    assertEquals(200, send(request(master).header("If-Match", etag).build()).statusCode());
  }

  @Test
  @DisplayName("If-Unmodified-Since in the past is answered 412")
  void ifUnmodifiedSincePast() {
    HttpResponse<byte[]> response = send(request(master)
        .header("If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:37 GMT").build());

    assertEquals(412, response.statusCode());
  }

  @Test
  @DisplayName("a Range is a 206 of the rewritten bytes, with their complete length")
  void range() {
    byte[] full = send(request(master).build()).body();
    HttpResponse<byte[]> head = send(request(master).header("Range", "bytes=0-9").build());
    HttpResponse<byte[]> tail = send(request(master).header("Range", "bytes=-30").build());

    assertTrue(full.length > MASTER.length, "the rewritten manifest is longer than stored");
    assertEquals(206, head.statusCode());
    assertEquals("bytes 0-9/" + full.length, header(head, "Content-Range"));
    assertArrayEquals(Arrays.copyOf(full, 10), head.body());
    assertEquals(206, tail.statusCode());
    assertEquals("bytes " + (full.length - 30) + "-" + (full.length - 1) + "/" + full.length,
        header(tail, "Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(full, full.length - 30, full.length), tail.body());
  }

  @Test
  @DisplayName("HEAD answers the same headers as GET, and no body")
  void head() {
    HttpResponse<byte[]> get = send(request(master).build());
    HttpResponse<byte[]> head = send(request(master)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

    assertEquals(200, head.statusCode());
    assertEquals(0, head.body().length);
    for (String name : List.of("Content-Length", "Content-Type", "ETag", "Last-Modified",
        "Cache-Control", "Accept-Ranges", "Vary", "X-Content-Type-Options")) {
      assertEquals(header(get, name), header(head, name), name);
    }
    assertEquals(String.valueOf(get.body().length), header(head, "Content-Length"));
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }
}
