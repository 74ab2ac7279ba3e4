package dev.reel.platform.it;

import static dev.reel.platform.it.Http.authorized;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.ingest.config.CorsSettings;
import dev.reel.ingest.http.IngestVerticle;
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
 * CORS for browser upload clients, requests made the way a browser makes them: a preflight
 * {@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-*} and no API key, then
 * the request itself with {@code Origin} and the key.
 */
class IngestCorsTest {

  private static final String APP = "https://app.example.com";

  /** The default: any origin. */
  private static RunningService<IngestVerticle> open;
  /** Only the app's origin and a local dev server. */
  private static RunningService<IngestVerticle> restricted;

  @BeforeAll
  static void startIngest() {
    open = Services.ingest(new JsonObject());
    restricted = Services.ingest(new JsonObject()
        .put(CorsSettings.ORIGINS, APP + ",http://localhost:3000"));
  }

  @AfterAll
  static void stopIngest() {
    for (RunningService<?> service : Arrays.asList(open, restricted)) {
      if (service != null) {
        service.close();
      }
    }
  }

  @Test
  @DisplayName("a tus-js-client preflight for PATCH is answered 204 without the API key, with "
      + "every header it asks for allowed")
  void tusPreflight() {
    HttpResponse<byte[]> response = send(preflight(open, "/v1/tus/01m8zzzzzzzzzzzzzzzzzzzzzz",
        "https://uploader.example", "PATCH",
        "authorization,tus-resumable,upload-offset,content-type,upload-checksum"));

    assertEquals(204, response.statusCode(), new String(response.body()));
    assertEquals("*", header(response, "Access-Control-Allow-Origin"));
    assertTrue(list(response, "Access-Control-Allow-Methods").contains("patch"));
    assertTrue(list(response, "Access-Control-Allow-Headers").containsAll(List.of(
        "authorization", "tus-resumable", "upload-offset", "content-type", "upload-checksum")));
    assertEquals("86400", header(response, "Access-Control-Max-Age"));
  }

  @Test
  @DisplayName("a preflight from a listed origin is answered with that origin and Vary: Origin, "
      + "X-Reel-* headers allowed")
  void listedOriginPreflight() {
    HttpResponse<byte[]> response = send(preflight(restricted, "/v1/uploads", APP, "POST",
        "authorization,x-reel-tags,x-reel-filename,idempotency-key"));

    assertEquals(204, response.statusCode(), new String(response.body()));
    assertEquals(APP, header(response, "Access-Control-Allow-Origin"));
    assertTrue(list(response, "Vary").contains("origin"), response.headers().toString());
    assertTrue(list(response, "Access-Control-Allow-Headers").containsAll(List.of(
        "x-reel-tags", "x-reel-filename", "idempotency-key")));
  }

  @Test
  @DisplayName("a preflight from an origin not listed is refused with a 403 JSON error and no "
      + "CORS headers")
  void unlistedOriginPreflight() {
    HttpResponse<byte[]> response = send(preflight(restricted, "/v1/uploads/presigned",
        "https://evil.example", "POST", "authorization,content-type"));

    assertEquals(403, response.statusCode(), new String(response.body()));
    assertEquals("FORBIDDEN", json(response).getString("code"));
    assertTrue(json(response).getString("message").contains(CorsSettings.ORIGINS));
    assertEquals(Optional.empty(),
        response.headers().firstValue("Access-Control-Allow-Origin"));
  }

  @Test
  @DisplayName("a tus creation from a listed origin exposes Location, Upload-Offset and the tus "
      + "headers to the page")
  void actualRequestExposesHeaders() {
    HttpResponse<byte[]> response = send(authorized(restricted.uri("/v1/tus/"))
        .header("Origin", APP).header("Tus-Resumable", "1.0.0").header("Upload-Length", "1000")
        .POST(BodyPublishers.noBody()).build());

    assertEquals(201, response.statusCode(), new String(response.body()));
    assertEquals(APP, header(response, "Access-Control-Allow-Origin"));
    assertTrue(list(response, "Access-Control-Expose-Headers").containsAll(List.of("location",
        "upload-offset", "upload-expires", "tus-resumable", "tus-version", "etag")));
    assertTrue(list(response, "Vary").contains("origin"));
  }

  @Test
  @DisplayName("a 401 to a browser page carries Access-Control-Allow-Origin, so the page can read "
      + "the error")
  void unauthorizedIsReadable() {
    HttpResponse<byte[]> response = send(request(open.uri("/v1/uploads/presigned"))
        .header("Origin", APP).header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString("{\"size\":10,\"contentType\":\"video/mp4\"}")).build());

    assertEquals(401, response.statusCode());
    assertEquals("UNAUTHORIZED", json(response).getString("code"));
    assertEquals("*", header(response, "Access-Control-Allow-Origin"));
  }

  @Test
  @DisplayName("a request from an origin not listed is served as usual, without CORS headers")
  void unlistedOriginActualRequest() {
    HttpResponse<byte[]> response = send(authorized(restricted.uri("/v1/uploads/presigned"))
        .header("Origin", "http://localhost:3001").header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString("{\"size\":10,\"contentType\":\"video/mp4\"}")).build());

    assertEquals(201, response.statusCode(), new String(response.body()));
    assertEquals(Optional.empty(),
        response.headers().firstValue("Access-Control-Allow-Origin"));
    assertEquals(Optional.empty(),
        response.headers().firstValue("Access-Control-Expose-Headers"));
  }

  @Test
  @DisplayName("OPTIONS without Origin or key: tus discovery answers, other paths 405, never 401")
  void bareOptions() {
    HttpResponse<byte[]> discovery = send(request(restricted.uri("/v1/tus/"))
        .method("OPTIONS", BodyPublishers.noBody()).build());
    HttpResponse<byte[]> uploads = send(request(restricted.uri("/v1/uploads"))
        .method("OPTIONS", BodyPublishers.noBody()).build());

    assertEquals(204, discovery.statusCode(), new String(discovery.body()));
    assertEquals("1.0.0", header(discovery, "Tus-Version"));
    assertTrue(header(discovery, "Tus-Extension").contains("creation"));
    assertEquals(405, uploads.statusCode(), new String(uploads.body()));
    assertEquals("METHOD_NOT_ALLOWED", json(uploads).getString("code"));
  }

  // ---------------------------------------------------------------------------------------------

  private static HttpRequest preflight(RunningService<IngestVerticle> service, String path,
      String origin, String method, String headers) {
    return request(service.uri(path))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method)
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
}
