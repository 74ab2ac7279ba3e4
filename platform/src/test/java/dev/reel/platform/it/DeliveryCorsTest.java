package dev.reel.platform.it;

import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.delivery.config.DeliveryConfig;
import dev.reel.delivery.http.DeliveryVerticle;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * CORS for players on other origins, requests made the way a browser makes them: a preflight
 * {@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-*}, then the request with
 * {@code Origin}.
 */
class DeliveryCorsTest {

  private static final String PLAYER = "https://player.example";

  /** The default: any origin. */
  private static RunningService<DeliveryVerticle> open;
  /** Only the player's origin. */
  private static RunningService<DeliveryVerticle> restricted;
  private static String source;
  private static String manifest;

  @BeforeAll
  static void start() {
    String id = AssetId.generate();
    TestBucket.put(StorageLayout.originalKey(id), TestBucket.random(1000, 41), "video/mp4");
    TestBucket.put(StorageLayout.renditionKey(id, "manifest.mpd"), "<MPD/>".repeat(50)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/dash+xml");
    source = "/v1/media/" + id + "/source";
    manifest = "/v1/media/" + id + "/manifest.mpd";
    open = Services.delivery(publicMedia());
    restricted = Services.delivery(publicMedia().put(DeliveryConfig.CORS_ORIGINS, PLAYER));
  }

  @AfterAll
  static void stop() {
    for (RunningService<?> service : Arrays.asList(open, restricted)) {
      if (service != null) {
        service.close();
      }
    }
  }

  @Test
  @DisplayName("a player's preflight for a ranged GET is answered 204 with no credentials, "
      + "allowing the range and revalidation headers")
  void preflight() {
    HttpResponse<byte[]> response = send(preflight(open, source, "https://any.example",
        "range,if-range,if-none-match,if-modified-since,authorization"));

    assertEquals(204, response.statusCode(), new String(response.body()));
    assertEquals("*", header(response, "Access-Control-Allow-Origin"));
    assertTrue(list(response, "Access-Control-Allow-Methods").containsAll(List.of("get", "head")));
    assertTrue(list(response, "Access-Control-Allow-Headers").containsAll(List.of("range",
        "if-range", "if-none-match", "if-modified-since", "authorization")));
    // Any origin gets the same answer: nothing to vary on.
    assertTrue(!list(response, "Vary").contains("origin"), response.headers().toString());
  }

  @Test
  @DisplayName("a ranged GET from another origin exposes Content-Range, Content-Length, "
      + "Accept-Ranges and ETag to the page")
  void actualRequest() {
    HttpResponse<byte[]> response = send(request(open.uri(source))
        .header("Origin", "https://any.example").header("Range", "bytes=0-9").build());

    assertEquals(206, response.statusCode());
    assertEquals("*", header(response, "Access-Control-Allow-Origin"));
    assertTrue(list(response, "Access-Control-Expose-Headers").containsAll(List.of(
        "content-range", "content-length", "accept-ranges", "etag")));
  }

  @Test
  @DisplayName("with a list of origins, a listed one is echoed with Vary: Origin, beside Vary: "
      + "Accept-Encoding on a manifest")
  void listedOrigin() {
    HttpResponse<byte[]> preflight = send(preflight(restricted, manifest, PLAYER, "range"));
    HttpResponse<byte[]> response = send(request(restricted.uri(manifest))
        .header("Origin", PLAYER).header("Accept-Encoding", "gzip").build());

    assertEquals(204, preflight.statusCode());
    assertEquals(PLAYER, header(preflight, "Access-Control-Allow-Origin"));
    assertEquals(200, response.statusCode());
    assertEquals(PLAYER, header(response, "Access-Control-Allow-Origin"));
    assertTrue(list(response, "Vary").containsAll(List.of("origin", "accept-encoding")),
        response.headers().toString());
    // One line: nginx 1.22 keys its cached variants on the last Vary line alone, and handed
    // this answer, cached for one origin, to another.
    assertEquals(1, response.headers().allValues("Vary").size(), response.headers().toString());
  }

  @Test
  @DisplayName("with any origin allowed, a request without Origin gets the same CORS headers, so "
      + "that a cached copy of it (a poster, a prefetched segment) can be read cross-origin")
  void anyOriginWithoutOrigin() {
    HttpResponse<byte[]> plain = send(request(open.uri(source)).build());
    HttpResponse<byte[]> error = send(request(open.uri("/v1/media/" + AssetId.generate()
        + "/source")).build());

    assertEquals(200, plain.statusCode());
    assertEquals("*", header(plain, "Access-Control-Allow-Origin"));
    assertTrue(list(plain, "Access-Control-Expose-Headers").containsAll(List.of(
        "content-range", "content-length", "accept-ranges", "etag")));
    assertEquals(404, error.statusCode());
    assertEquals("*", header(error, "Access-Control-Allow-Origin"));
  }

  @Test
  @DisplayName("a preflight from an origin not listed is refused with 403 FORBIDDEN naming the "
      + "setting; its plain request is served without CORS headers")
  void unlistedOrigin() {
    HttpResponse<byte[]> preflight = send(preflight(restricted, source, "https://evil.example",
        "range"));
    HttpResponse<byte[]> response = send(request(restricted.uri(source))
        .header("Origin", "https://evil.example").build());

    assertEquals(403, preflight.statusCode());
    assertEquals("FORBIDDEN", json(preflight).getString("code"));
    assertTrue(json(preflight).getString("message").contains(DeliveryConfig.CORS_ORIGINS));
    assertEquals(Optional.empty(), preflight.headers().firstValue("Access-Control-Allow-Origin"));
    assertEquals(200, response.statusCode());
    assertEquals(Optional.empty(), response.headers().firstValue("Access-Control-Allow-Origin"));
    assertTrue(list(response, "Vary").contains("origin"));
  }

  @Test
  @DisplayName("errors carry the CORS headers too, so a player can read a 404 or a 416")
  void errorsReadable() {
    HttpResponse<byte[]> missing = send(request(restricted.uri("/v1/media/"
        + AssetId.generate() + "/source")).header("Origin", PLAYER).build());
    HttpResponse<byte[]> unsatisfiable = send(request(restricted.uri(source))
        .header("Origin", PLAYER).header("Range", "bytes=5000-").build());

    assertEquals(404, missing.statusCode());
    assertEquals(PLAYER, header(missing, "Access-Control-Allow-Origin"));
    assertEquals(416, unsatisfiable.statusCode());
    assertEquals(PLAYER, header(unsatisfiable, "Access-Control-Allow-Origin"));
    assertTrue(list(unsatisfiable, "Access-Control-Expose-Headers").contains("content-range"));
  }

  @Test
  @DisplayName("OPTIONS that is no preflight says what the URL allows: 204, Allow: GET, HEAD, "
      + "OPTIONS")
  void bareOptions() {
    HttpResponse<byte[]> response = send(request(open.uri(source))
        .method("OPTIONS", BodyPublishers.noBody()).build());

    assertEquals(204, response.statusCode());
    assertEquals("GET, HEAD, OPTIONS", header(response, "Allow"));
  }

  @Test
  @DisplayName("a preflight for CMCD sent as headers (dash.js, hls.js header mode) allows them")
  void cmcdHeaders() {
    String cmcd = "cmcd-request,cmcd-object,cmcd-status,cmcd-session";
    for (RunningService<DeliveryVerticle> service : List.of(open, restricted)) {
      HttpResponse<byte[]> response = send(preflight(service, manifest, PLAYER, "range," + cmcd));

      assertEquals(204, response.statusCode());
      assertTrue(list(response, "Access-Control-Allow-Headers").containsAll(
          List.of(cmcd.split(","))), response.headers().toString());
    }
  }

  @Test
  @DisplayName("with a list of origins a listed player may send cookies: its preflight and its "
      + "answers, errors too, say Access-Control-Allow-Credentials: true")
  void credentialsForListedOrigin() {
    HttpResponse<byte[]> preflight = send(preflight(restricted, manifest, PLAYER, "range"));
    HttpResponse<byte[]> response = send(request(restricted.uri(manifest))
        .header("Origin", PLAYER).build());
    HttpResponse<byte[]> missing = send(request(restricted.uri("/v1/media/"
        + AssetId.generate() + "/source")).header("Origin", PLAYER).build());

    assertEquals("true", header(preflight, "Access-Control-Allow-Credentials"));
    assertEquals(200, response.statusCode());
    assertEquals("true", header(response, "Access-Control-Allow-Credentials"));
    assertEquals(404, missing.statusCode());
    assertEquals("true", header(missing, "Access-Control-Allow-Credentials"));
  }

  @Test
  @DisplayName("never credentials with any origin (*), nor for an origin not listed")
  void noCredentialsOtherwise() {
    HttpResponse<byte[]> preflight = send(preflight(open, manifest, PLAYER, "range"));
    HttpResponse<byte[]> response = send(request(open.uri(manifest))
        .header("Origin", PLAYER).build());
    HttpResponse<byte[]> unlisted = send(request(restricted.uri(manifest))
        .header("Origin", "https://evil.example").build());

    assertEquals("*", header(preflight, "Access-Control-Allow-Origin"));
    for (HttpResponse<byte[]> answer : List.of(preflight, response, unlisted)) {
      assertEquals(Optional.empty(),
          answer.headers().firstValue("Access-Control-Allow-Credentials"));
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static HttpRequest preflight(RunningService<DeliveryVerticle> service, String path,
      String origin, String headers) {
    return request(service.uri(path))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", headers)
        .method("OPTIONS", BodyPublishers.noBody()).build();
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElseThrow(
        () -> new AssertionError("no " + name + " in " + response.headers().map()));
  }

  /** A comma-separated header (over all its lines), lower-cased, one entry per name. */
  private static List<String> list(HttpResponse<?> response, String name) {
    return response.headers().allValues(name).stream()
        .flatMap(value -> Arrays.stream(value.split(",")))
        .map(value -> value.trim().toLowerCase(Locale.ROOT))
        .toList();
  }

  /** Public media: this class tests HTTP behaviour; signing is tested on its own. */
  private static JsonObject publicMedia() {
    return new JsonObject().put("REEL_DELIVERY_PUBLIC_ASSETS", "*");
  }
}
