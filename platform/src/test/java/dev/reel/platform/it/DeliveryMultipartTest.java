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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Several byte ranges in one request (RFC 9110 section 14), against objects in the real S3
 * server: {@code multipart/byteranges} bodies are read back strictly and compared byte for byte
 * with what was stored.
 */
class DeliveryMultipartTest {

  private static final int SIZE = 1000;
  private static final int LARGE_SIZE = 12 * 1024 * 1024;

  private static RunningService<DeliveryVerticle> delivery;
  private static byte[] media;
  private static String source;
  private static byte[] largeMedia;
  private static String largeSource;
  private static byte[] segment;
  private static String segmentPath;

  @BeforeAll
  static void putObjectsAndStart() {
    String id = AssetId.generate();
    media = TestBucket.random(SIZE, 11);
    TestBucket.put(StorageLayout.originalKey(id), media, "video/mp4");
    source = "/v1/media/" + id + "/source";
    segment = TestBucket.random(5000, 12);
    TestBucket.put(StorageLayout.renditionKey(id, "cmaf/360p/seg_00001.m4s"), segment,
        "binary/octet-stream");
    segmentPath = "/v1/media/" + id + "/cmaf/360p/seg_00001.m4s";
    String largeId = AssetId.generate();
    largeMedia = TestBucket.random(LARGE_SIZE, 13);
    TestBucket.put(StorageLayout.originalKey(largeId), largeMedia, "video/webm");
    largeSource = "/v1/media/" + largeId + "/source";
    delivery = Services.delivery(publicMedia());
  }

  @AfterAll
  static void stop() {
    if (delivery != null) {
      delivery.close();
    }
  }

  @ParameterizedTest(name = "Range: {0}")
  @CsvSource(delimiter = '|', value = {
      "bytes=0-9,20-29                | 0-9 20-29",
      "bytes=500-599,0-99             | 500-599 0-99",
      "bytes=0-99,50-149,300-309      | 0-149 300-309",
      "bytes=-10,0-0                  | 990-999 0-0",
      "bytes=0-9,5000-6000,990-       | 0-9 990-999",
      "bytes=0-0,2-2,4-4,6-6          | 0-0 2-2 4-4 6-6"})
  @DisplayName("several ranges answer 206 multipart/byteranges: one part per coalesced range, in "
      + "the order asked, each with its type, Content-Range and exactly its bytes")
  void multipart(String range, String expectedParts) {
    HttpResponse<byte[]> response = get(source, range);

    assertEquals(206, response.statusCode());
    assertTrue(header(response, "Content-Type").startsWith("multipart/byteranges; boundary="));
    assertEquals(String.valueOf(response.body().length), header(response, "Content-Length"));
    assertTrue(response.headers().firstValue("Content-Range").isEmpty());
    List<MultipartBody.Part> parts = MultipartBody.parse(header(response, "Content-Type"),
        response.body());
    assertEquals(expectedParts, parts.stream().map(p -> p.first() + "-" + p.last())
        .collect(Collectors.joining(" ")));
    for (MultipartBody.Part part : parts) {
      assertEquals("video/mp4", part.headers().get("content-type"));
      assertEquals(SIZE, part.completeLength());
      assertArrayEquals(Arrays.copyOfRange(media, (int) part.first(), (int) part.last() + 1),
          part.bytes());
    }
  }

  @ParameterizedTest(name = "Range: {0} -> bytes {1}-{2}")
  @CsvSource(delimiter = '|', value = {
      "bytes=0-9,10-19       | 0   | 19",
      "bytes=100-199,150-249 | 100 | 249",
      "bytes=0-9,5000-6000   | 0   | 9"})
  @DisplayName("several ranges that coalesce into one, or of which only one is satisfiable, are a "
      + "plain 206")
  void coalescedIntoOne(String range, int first, int last) {
    HttpResponse<byte[]> response = get(source, range);

    assertEquals(206, response.statusCode());
    assertEquals("video/mp4", header(response, "Content-Type"));
    assertEquals("bytes " + first + "-" + last + "/" + SIZE, header(response, "Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(media, first, last + 1), response.body());
  }

  @Test
  @DisplayName("several ranges none of which is satisfiable answer 416 with bytes */length")
  void noneSatisfiable() {
    HttpResponse<byte[]> response = get(source, "bytes=1000-,2000-3000");

    assertEquals(416, response.statusCode());
    assertEquals("bytes */" + SIZE, header(response, "Content-Range"));
    assertEquals("RANGE_NOT_SATISFIABLE", json(response).getString("code"));
  }

  @Test
  @DisplayName("16 parts are served as multipart; 17 are ignored and the whole body is sent")
  void partCap() {
    HttpResponse<byte[]> sixteen = get(source, everyTenthByte(16));
    HttpResponse<byte[]> seventeen = get(source, everyTenthByte(17));

    assertEquals(206, sixteen.statusCode());
    assertEquals(16, MultipartBody.parse(header(sixteen, "Content-Type"), sixteen.body()).size());
    assertEquals(200, seventeen.statusCode());
    assertArrayEquals(media, seventeen.body());
  }

  @Test
  @DisplayName("one invalid range among valid ones voids the header: 200 with the whole body")
  void invalidAmongValid() {
    HttpResponse<byte[]> response = get(source, "bytes=0-9,x-y");

    assertEquals(200, response.statusCode());
    assertArrayEquals(media, response.body());
  }

  @Test
  @DisplayName("a stale If-Range voids several ranges too: 200 with the whole body")
  void staleIfRange() {
    HttpResponse<byte[]> response = send(request(delivery.uri(source))
        .header("Range", "bytes=0-9,20-29").header("If-Range", "\"older\"").build());

    assertEquals(200, response.statusCode());
    assertArrayEquals(media, response.body());
  }

  @Test
  @DisplayName("HEAD ignores ranges, which only GET has (RFC 9110 14.2): the whole object's 200, "
      + "type and length, no body")
  void head() {
    HttpResponse<byte[]> get = send(request(delivery.uri(source)).build());
    for (String range : new String[] {"bytes=0-9,20-29", "bytes=0-9", "bytes=999999999-"}) {
      Http.RawResponse head = Http.raw(delivery.uri("/"), "HEAD " + source + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nRange: " + range + "\r\nConnection: close", new byte[0],
          java.time.Duration.ofSeconds(5));

      assertEquals(200, head.status(), range);
      assertEquals(header(get, "Content-Length"), head.header("Content-Length").orElse(null),
          range);
      assertEquals(header(get, "Content-Type"), head.header("Content-Type").orElse(null), range);
      assertTrue(head.header("Content-Range").isEmpty(), range);
      assertEquals("", head.body(), range);
    }
  }

  @Test
  @DisplayName("a segment's ranges are multipart with the segment's type in each part")
  void segmentParts() {
    HttpResponse<byte[]> response = get(segmentPath, "bytes=0-99,4000-");

    assertEquals(206, response.statusCode());
    List<MultipartBody.Part> parts = MultipartBody.parse(header(response, "Content-Type"),
        response.body());
    assertEquals(2, parts.size());
    assertEquals("video/iso.segment", parts.get(1).headers().get("content-type"));
    assertArrayEquals(Arrays.copyOfRange(segment, 4000, 5000), parts.get(1).bytes());
  }

  @Test
  @DisplayName("megabyte parts of a large original stream one after the other, byte for byte")
  void largeParts() {
    HttpResponse<byte[]> response = get(largeSource, "bytes=-3000000,0-4999999,6000000-6000000");

    assertEquals(206, response.statusCode());
    List<MultipartBody.Part> parts = MultipartBody.parse(header(response, "Content-Type"),
        response.body());
    assertEquals(3, parts.size());
    for (MultipartBody.Part part : parts) {
      assertEquals("video/webm", part.headers().get("content-type"));
      assertTrue(Arrays.equals(largeMedia, (int) part.first(), (int) part.last() + 1,
          part.bytes(), 0, part.bytes().length), "bytes of part " + part.first());
    }
  }

  @Test
  @DisplayName("on one kept-alive connection, a multipart answer is exactly as long as it says: "
      + "the next answer follows right after it")
  void keepAlive() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", delivery.uri("/").getPort())) {
      socket.setSoTimeout(10_000);
      String requests = "GET " + source + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Range: bytes=0-9,20-29\r\n\r\n"
          + "GET " + source + " HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=5-6\r\n\r\n";
      socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();

      Http.RawResponse first = readResponse(in);
      Http.RawResponse second = readResponse(in);
      assertEquals(206, first.status());
      assertEquals(2, MultipartBody.parse(first.header("Content-Type").orElseThrow(),
          first.body().getBytes(StandardCharsets.ISO_8859_1)).size());
      assertEquals(206, second.status());
      assertEquals("bytes 5-6/" + SIZE, second.header("Content-Range").orElse(null));
      assertArrayEquals(Arrays.copyOfRange(media, 5, 7),
          second.body().getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  @DisplayName("a multipart answer is never chunked: it has a Content-Length and no "
      + "Transfer-Encoding")
  void notChunked() {
    Http.RawResponse response = Http.raw(delivery.uri("/"), "GET " + source + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nRange: bytes=0-9,20-29\r\nConnection: close", new byte[0],
        java.time.Duration.ofSeconds(5));

    assertTrue(response.header("Transfer-Encoding").isEmpty());
    assertEquals(String.valueOf(response.body().length()),
        response.header("Content-Length").orElse(null));
  }

  @Test
  @DisplayName("POST with a Range is still 405")
  void postNotAllowed() {
    HttpResponse<byte[]> response = send(request(delivery.uri(source))
        .header("Range", "bytes=0-9,20-29").POST(BodyPublishers.ofString("x")).build());

    assertEquals(405, response.statusCode());
  }

  // ---------------------------------------------------------------------------------------------

  /** Reads one response whose length is its Content-Length off a kept-alive connection. */
  private static Http.RawResponse readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the head: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int lineEnd = text.indexOf("\r\n");
    String headers = text.substring(lineEnd + 2, text.length() - 4);
    Http.RawResponse response = new Http.RawResponse(Integer.parseInt(text.substring(9, 12)),
        headers, "", false);
    byte[] body = in.readNBytes(Integer.parseInt(response.header("Content-Length")
        .orElseThrow()));
    return new Http.RawResponse(response.status(), headers,
        new String(body, StandardCharsets.ISO_8859_1), false);
  }

  private static String everyTenthByte(int count) {
    return IntStream.range(0, count).mapToObj(i -> (10 * i) + "-" + (10 * i))
        .collect(Collectors.joining(",", "bytes=", ""));
  }

  private static HttpResponse<byte[]> get(String path, String range) {
    return send(request(delivery.uri(path)).header("Range", range).build());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** Public media: this class tests HTTP behaviour; signing is tested on its own. */
  private static JsonObject publicMedia() {
    return new JsonObject().put("REEL_DELIVERY_PUBLIC_ASSETS", "*");
  }
}
