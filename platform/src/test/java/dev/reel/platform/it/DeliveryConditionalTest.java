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
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conditional requests (RFC 9110 section 13) against an object in the real S3 server: 412 for
 * {@code If-Match} and {@code If-Unmodified-Since}, 304 for {@code If-None-Match} and {@code
 * If-Modified-Since}, in the order section 13.2.2 sets, and before any range.
 */
class DeliveryConditionalTest {

  private static final String PAST = "Sun, 06 Nov 1994 08:49:37 GMT";
  private static final String FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";

  private static RunningService<DeliveryVerticle> delivery;
  private static byte[] media;
  private static String source;
  private static String etag;

  @BeforeAll
  static void putObjectAndStart() {
    String id = AssetId.generate();
    media = TestBucket.random(300, 21);
    TestBucket.put(StorageLayout.originalKey(id), media, "video/mp4");
    source = "/v1/media/" + id + "/source";
    delivery = Services.delivery(publicMedia());
    etag = send(request(delivery.uri(source)).build()).headers().firstValue("ETag").orElseThrow();
  }

  @AfterAll
  static void stop() {
    if (delivery != null) {
      delivery.close();
    }
  }

  @Test
  @DisplayName("If-Match naming the current ETag, among others or as *, is served: 200")
  void ifMatchHolds() {
    for (String ifMatch : new String[] {etag, "\"older\", " + etag, "*"}) {
      HttpResponse<byte[]> response = get("If-Match", ifMatch);

      assertEquals(200, response.statusCode(), ifMatch);
      assertArrayEquals(media, response.body());
    }
  }

  @ParameterizedTest(name = "If-Match: {0}")
  @ValueSource(strings = {"\"older\"", "W/CURRENT", "\"older\", W/CURRENT"})
  @DisplayName("If-Match naming another ETag, or the current one as weak, answers 412 "
      + "PRECONDITION_FAILED as JSON")
  void ifMatchFails(String ifMatch) {
    HttpResponse<byte[]> response = get("If-Match", ifMatch.replace("CURRENT", etag));

    assertEquals(412, response.statusCode());
    assertEquals("application/json", header(response, "Content-Type"));
    assertEquals("PRECONDITION_FAILED", json(response).getString("code"));
    assertTrue(json(response).getString("message").contains(etag));
  }

  @Test
  @DisplayName("If-Unmodified-Since before the last change answers 412; after it, 200")
  void ifUnmodifiedSince() {
    assertEquals(412, get("If-Unmodified-Since", PAST).statusCode());
    assertEquals("PRECONDITION_FAILED", json(get("If-Unmodified-Since", PAST)).getString("code"));
    assertEquals(200, get("If-Unmodified-Since", FUTURE).statusCode());
    assertEquals(200, get("If-Unmodified-Since", "not a date").statusCode());
  }

  @Test
  @DisplayName("a failing If-Match wins over a matching If-None-Match: 412, not 304")
  void ifMatchBeforeIfNoneMatch() {
    HttpResponse<byte[]> response = send(request(delivery.uri(source))
        .header("If-Match", "\"older\"").header("If-None-Match", etag).build());

    assertEquals(412, response.statusCode());
  }

  @Test
  @DisplayName("a passing If-Match voids If-Unmodified-Since, and a matching If-None-Match then "
      + "answers 304: the validators and Cache-Control, no Content-Type (RFC 9110 15.4.5)")
  void ifMatchThenIfNoneMatch() {
    HttpResponse<byte[]> response = send(request(delivery.uri(source))
        .header("If-Match", etag).header("If-Unmodified-Since", PAST)
        .header("If-None-Match", etag).build());

    assertEquals(304, response.statusCode());
    assertEquals(0, response.body().length);
    assertEquals(etag, header(response, "ETag"));
    assertTrue(response.headers().firstValue("Cache-Control").isPresent());
    assertTrue(response.headers().firstValue("Content-Type").isEmpty());
  }

  @Test
  @DisplayName("If-Modified-Since after the last change answers 304; If-None-Match that differs "
      + "hides it: 200")
  void ifModifiedSince() {
    assertEquals(304, get("If-Modified-Since", FUTURE).statusCode());
    assertEquals(200, get("If-Modified-Since", PAST).statusCode());
    HttpResponse<byte[]> response = send(request(delivery.uri(source))
        .header("If-None-Match", "\"older\"").header("If-Modified-Since", FUTURE).build());
    assertEquals(200, response.statusCode());
  }

  @Test
  @DisplayName("conditions come before ranges: 412 or 304 even with a Range, 206 when they hold")
  void conditionsBeforeRanges() {
    HttpResponse<byte[]> failed = send(request(delivery.uri(source))
        .header("Range", "bytes=0-9").header("If-Match", "\"older\"").build());
    HttpResponse<byte[]> notModified = send(request(delivery.uri(source))
        .header("Range", "bytes=0-9,20-29").header("If-None-Match", etag).build());
    HttpResponse<byte[]> partial = send(request(delivery.uri(source))
        .header("Range", "bytes=0-9").header("If-Match", etag).build());

    assertEquals(412, failed.statusCode());
    assertTrue(failed.headers().firstValue("Content-Range").isEmpty());
    assertEquals(304, notModified.statusCode());
    assertEquals(206, partial.statusCode());
    assertArrayEquals(Arrays.copyOfRange(media, 0, 10), partial.body());
  }

  @Test
  @DisplayName("HEAD with a failing If-Match answers 412 with no body on the wire")
  void headPreconditionFailed() {
    Http.RawResponse response = Http.raw(delivery.uri("/"), "HEAD " + source + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nIf-Match: \"older\"\r\nConnection: close", new byte[0],
        Duration.ofSeconds(5));

    assertEquals(412, response.status());
    assertEquals("", response.body());
  }

  @Test
  @DisplayName("an unknown asset is 404 whatever its conditions say")
  void unknownWithConditions() {
    HttpResponse<byte[]> response = send(request(delivery.uri("/v1/media/" + AssetId.generate()
        + "/source")).header("If-Match", "*").build());

    assertEquals(404, response.statusCode());
  }

  @Test
  @DisplayName("conditions do not open other methods: POST with If-Match is 405, whose Allow "
      + "says what OPTIONS says")
  void postStill405() {
    HttpResponse<byte[]> response = send(request(delivery.uri(source)).header("If-Match", "*")
        .POST(BodyPublishers.noBody()).build());

    assertEquals(405, response.statusCode());
    assertEquals("GET, HEAD, OPTIONS", response.headers().firstValue("Allow").orElse(null));
    assertTrue(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)
        .contains("\"code\":\"METHOD_NOT_ALLOWED\""));
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @DisplayName("a list of ETags sent over several field lines counts as one list (RFC 9110 5.3): "
      + "If-None-Match naming the current tag on its second line is 304, If-Match is served")
  void listOverSeveralLines() {
    HttpResponse<byte[]> notModified = send(request(delivery.uri(source))
        .header("If-None-Match", "\"older\"").header("If-None-Match", etag).build());
    assertEquals(304, notModified.statusCode());

    HttpResponse<byte[]> ranged = send(request(delivery.uri(source))
        .header("If-Match", "\"older\"").header("If-Match", etag)
        .header("Range", "bytes=0-1").build());
    assertEquals(206, ranged.statusCode());
    assertArrayEquals(Arrays.copyOfRange(media, 0, 2), ranged.body());
  }

  @Test
  @DisplayName("If-Range over two field lines is no single validator: the Range is not honoured, "
      + "in either order (200)")
  void ifRangeOverTwoLines() {
    for (String[] lines : new String[][] {{"\"older\"", etag}, {etag, "\"older\""}}) {
      HttpResponse<byte[]> response = send(request(delivery.uri(source))
          .header("Range", "bytes=0-1").header("If-Range", lines[0])
          .header("If-Range", lines[1]).build());
      assertEquals(200, response.statusCode(), String.join(" + ", lines));
      assertArrayEquals(media, response.body());
    }
  }

  @Test
  @DisplayName("If-Modified-Since or If-Unmodified-Since over two field lines has more than one "
      + "member and is ignored (RFC 9110 13.1.3, 13.1.4): 200")
  void dateOverTwoLines() {
    assertEquals(200, send(request(delivery.uri(source)).header("If-Modified-Since", FUTURE)
        .header("If-Modified-Since", FUTURE).build()).statusCode());
    assertEquals(200, send(request(delivery.uri(source)).header("If-Unmodified-Since", PAST)
        .header("If-Unmodified-Since", PAST).build()).statusCode());
  }

  @Test
  @DisplayName("HEAD of a refusal (412, 404) has the Content-Length of the GET's JSON body, and "
      + "no body")
  void headOfAnError() {
    HttpResponse<byte[]> refused = send(request(delivery.uri(source))
        .header("If-Match", "\"older\"").build());
    HttpResponse<byte[]> headRefused = send(request(delivery.uri(source))
        .header("If-Match", "\"older\"").method("HEAD", BodyPublishers.noBody()).build());
    assertEquals(412, headRefused.statusCode());
    assertEquals(String.valueOf(refused.body().length), header(headRefused, "Content-Length"));
    assertEquals(0, headRefused.body().length);
    String missing = source.replace("/source", "/cmaf/360p/nothing.m4s");
    HttpResponse<byte[]> get = send(request(delivery.uri(missing)).build());
    HttpResponse<byte[]> head = send(request(delivery.uri(missing))
        .method("HEAD", BodyPublishers.noBody()).build());
    assertEquals(404, head.statusCode());
    assertEquals(String.valueOf(get.body().length), header(head, "Content-Length"));
  }

  private static HttpResponse<byte[]> get(String name, String value) {
    HttpRequest.Builder builder = request(delivery.uri(source)).header(name, value);
    return send(builder.build());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** Public media: this class tests HTTP behaviour; signing is tested on its own. */
  private static JsonObject publicMedia() {
    return new JsonObject().put("REEL_DELIVERY_PUBLIC_ASSETS", "*");
  }
}
