package dev.reel.platform.it;

import static dev.reel.platform.it.Http.authorized;
import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.common.s3.S3Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin asset list and the ops routes every service shares: health, readiness with its
 * per-dependency checks, and Prometheus metrics.
 */
class AdminAndOpsTest {

  private static Map<String, RunningService<?>> services;
  /** Delivery pointed at an S3 endpoint where nothing listens. */
  private static RefusedPort noS3;
  private static RunningService<?> withoutS3;

  @BeforeAll
  static void startServices() {
    services = Map.of(
        "ingest", Services.ingest(new JsonObject()),
        "transcode", Services.transcode(new JsonObject()
            .put("REEL_TRANSCODE_CONSUMER_GROUP", "ops-" + UUID.randomUUID())),
        "delivery", Services.delivery(new JsonObject()),
        "admin", Services.admin(new JsonObject()));
    noS3 = RefusedPort.open();
    withoutS3 = Services.delivery(new JsonObject()
        .put(S3Settings.ENDPOINT, "http://" + noS3.address()));
  }

  @AfterAll
  static void stopServices() {
    if (services != null) {
      services.values().forEach(RunningService::close);
    }
    if (withoutS3 != null) {
      withoutS3.close();
    }
    if (noS3 != null) {
      noS3.close();
    }
  }

  @Test
  @DisplayName("the asset list without an API key answers 401 with a JSON error and a challenge")
  void assetsNeedKey() {
    HttpResponse<byte[]> response = send(request(service("admin").uri("/v1/assets")).build());

    assertEquals(401, response.statusCode());
    assertEquals("UNAUTHORIZED", json(response).getString("code"));
    assertEquals("Bearer realm=\"reel\"",
        response.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  @ParameterizedTest(name = "?limit={0}")
  @ValueSource(strings = {"0", "abc", "1001", "-1", "", "1.5", "99999999999"})
  @DisplayName("a limit that is not a whole number from 1 to 1000 answers 400 BAD_REQUEST")
  void badLimit(String limit) {
    HttpResponse<byte[]> response = send(authorized(
        service("admin").uri("/v1/assets?limit=" + limit)).build());

    assertEquals(400, response.statusCode(), new String(response.body()));
    assertEquals("BAD_REQUEST", json(response).getString("code"));
    assertTrue(json(response).getString("message").contains("limit"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ingest", "transcode", "delivery", "admin"})
  @DisplayName("every service answers /health/live with 200 UP and its name")
  void live(String name) {
    HttpResponse<byte[]> response = send(request(service(name).uri("/health/live")).build());

    assertEquals(200, response.statusCode());
    assertEquals(new JsonObject().put("status", "UP").put("service", name), json(response));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ingest", "transcode", "delivery", "admin"})
  @DisplayName("every service answers /health/ready with 200 and Kafka and S3 both UP")
  void ready(String name) {
    HttpResponse<byte[]> response = send(request(service(name).uri("/health/ready")).build());

    assertEquals(200, response.statusCode(), new String(response.body()));
    assertEquals(new JsonObject().put("status", "UP").put("service", name)
        .put("checks", new JsonObject().put("kafka", "UP").put("s3", "UP")), json(response));
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
  }

  @Test
  @DisplayName("a service whose S3 endpoint does not answer is live but not ready: 503, s3 DOWN")
  void notReadyWithoutS3() {
    assertEquals(200, send(request(withoutS3.uri("/health/live")).build()).statusCode());
    HttpResponse<byte[]> response = send(request(withoutS3.uri("/health/ready")).build());

    assertEquals(503, response.statusCode(), new String(response.body()));
    JsonObject body = json(response);
    assertEquals("DOWN", body.getString("status"));
    assertTrue(body.getJsonObject("checks").getString("s3").startsWith("DOWN"), body.encode());
    assertEquals("UP", body.getJsonObject("checks").getString("kafka"));
  }

  @Test
  @DisplayName("a media GET or HEAD from a delivery whose S3 refuses connections is 503 "
      + "STORAGE_UNAVAILABLE, not a 500, nor a 504 once the origin timeout has passed")
  void mediaWithoutS3() {
    // Twenty of each: a HEAD through the AWS SDK's connection pool lost about one refusal in
    // fifteen and waited out the pool's acquire timeout, then answered 504.
    for (int i = 0; i < 20; i++) {
      URI source = Signing.url(withoutS3.uri("/v1/media/" + AssetId.generate() + "/source"));
      HttpResponse<byte[]> get = send(request(source).build());
      HttpResponse<byte[]> head = send(request(source)
          .method("HEAD", BodyPublishers.noBody()).build());

      assertEquals(503, get.statusCode(), new String(get.body()));
      assertEquals("STORAGE_UNAVAILABLE", json(get).getString("code"));
      assertEquals(503, head.statusCode(), "HEAD " + source);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ingest", "transcode", "delivery", "admin"})
  @DisplayName("every service exposes Prometheus text metrics tagged with its name, each "
      + "with a help text")
  void metrics(String name) {
    HttpResponse<byte[]> response = send(request(service(name).uri("/metrics")).build());

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        response.headers().map().toString());
    String text = new String(response.body(), StandardCharsets.UTF_8);
    List<String> memory = text.lines()
        .filter(line -> line.startsWith("jvm_memory_used_bytes{")).toList();
    assertTrue(!memory.isEmpty(), "no jvm_memory_used_bytes sample");
    assertTrue(memory.stream().allMatch(line -> line.contains("service=\"" + name + "\"")),
        memory.toString());
    List<String> help = text.lines().filter(line -> line.startsWith("# HELP ")).toList();
    // A meter registered without a description is listed with an empty help text (ingest's own
    // meters appear with its first upload, which this test may precede).
    assertEquals(List.of(), help.stream()
        .filter(line -> line.substring("# HELP ".length()).trim().indexOf(' ') < 0).toList());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ingest", "transcode", "delivery", "admin"})
  @DisplayName("HEAD on /health/live, /health/ready and /metrics is a 200 with GET's type and "
      + "no body, as load balancers probe")
  void headOnOpsRoutes(String name) {
    for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
      HttpResponse<byte[]> head = send(request(service(name).uri(path))
          .method("HEAD", BodyPublishers.noBody()).build());
      HttpResponse<byte[]> get = send(request(service(name).uri(path)).build());

      assertEquals(200, head.statusCode(), name + path);
      assertEquals(0, head.body().length, name + path);
      assertEquals(get.headers().firstValue("Content-Type"),
          head.headers().firstValue("Content-Type"), name + path);
    }
  }

  @Test
  @DisplayName("admin lists a later upload before an earlier one")
  void newestFirst() {
    String earlier = upload("earlier.mp4");
    String later = upload("later.mp4");

    eventually(Duration.ofSeconds(30), "admin lists both uploads",
        () -> indexOf(assets(), later) >= 0 && indexOf(assets(), earlier) >= 0);
    JsonArray assets = assets();
    assertTrue(indexOf(assets, later) < indexOf(assets, earlier), assets.encodePrettily());
    Instant earlierAt = Instant.parse(assets.getJsonObject(indexOf(assets, earlier))
        .getString("uploadedAt"));
    Instant laterAt = Instant.parse(assets.getJsonObject(indexOf(assets, later))
        .getString("uploadedAt"));
    assertTrue(!laterAt.isBefore(earlierAt), earlierAt + " vs " + laterAt);
    assertEquals("later.mp4", assets.getJsonObject(indexOf(assets, later)).getString("filename"));
  }

  // ---------------------------------------------------------------------------------------------

  private static RunningService<?> service(String name) {
    return services.get(name);
  }

  private static String upload(String filename) {
    HttpResponse<byte[]> created = send(authorized(service("ingest").uri("/v1/uploads"))
        .header("Content-Type", "video/mp4")
        .header("X-Reel-Filename", filename)
        .POST(BodyPublishers.ofByteArray(TestMedia.mp4(1000, filename.hashCode()))).build());
    assertEquals(201, created.statusCode(), new String(created.body()));
    return json(created).getString("assetId");
  }

  private static JsonArray assets() {
    HttpResponse<byte[]> response = send(authorized(
        service("admin").uri("/v1/assets?limit=1000")).build());
    assertEquals(200, response.statusCode());
    return json(response).getJsonArray("assets");
  }

  private static int indexOf(JsonArray assets, String assetId) {
    for (int i = 0; i < assets.size(); i++) {
      if (assetId.equals(assets.getJsonObject(i).getString("assetId"))) {
        return i;
      }
    }
    return -1;
  }
}
