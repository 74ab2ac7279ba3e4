package dev.reel.platform.it;

import static dev.reel.platform.it.Http.authorized;
import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Rendition;
import dev.reel.common.event.Topic;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.event.TranscodeProgress;
import dev.reel.common.event.UploadMode;
import dev.reel.common.kafka.EventPublisher;
import dev.reel.delivery.config.PublicBaseUrl;
import dev.reel.delivery.http.DeliveryVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * {@code GET /v1/assets/{assetId}} on delivery, fed by lifecycle events published to the real
 * Kafka broker the way ingest and transcode publish them, with the outputs the events announce
 * put into the real S3 server first. The playback URLs come signed, and play as they are.
 */
class DeliveryAssetStatusTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static Vertx vertx;
  private static EventPublisher ingest;
  private static EventPublisher transcode;
  private static RunningService<DeliveryVerticle> delivery;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    ingest = EventPublisher.create(vertx, TestPlatform.get().kafka(), "/reel/ingest").await();
    transcode = EventPublisher.create(vertx, TestPlatform.get().kafka(), "/reel/transcode")
        .await();
    delivery = Services.delivery(new JsonObject());
  }

  @AfterAll
  static void stop() {
    if (delivery != null) {
      delivery.close();
    }
    if (vertx != null) {
      ingest.close().await();
      transcode.close().await();
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("an upload is reported as uploaded, with only the source to play")
  void uploaded() {
    String id = AssetId.generate();
    publish(Topic.MEDIA_UPLOADED, id, upload(id));

    JsonObject status = awaitStatus(delivery, id, s -> s.getString("state").equals("uploaded"));
    assertFalse(status.getBoolean("playable"));
    assertFalse(status.containsKey("percent"));
    assertEquals(0, status.getJsonArray("renditions").size());
    assertEquals("2026-03-01T10:00:00Z", status.getString("createdAt"));
    String source = status.getJsonObject("urls").getString("source");
    assertEquals(delivery.uri("/v1/media/" + id + "/source").toString(), unsigned(source));
    // Signed with a canned policy for REEL_SIGNING_URL_TTL_SECONDS (an hour by default).
    long expires = Long.parseLong(source.replaceAll(".*[?&]Expires=(\\d+).*", "$1"));
    assertEquals(Instant.now().getEpochSecond() + 3600, expires, 60);
    assertTrue(source.contains("&Signature=") && source.endsWith("&Key-Pair-Id="
        + Signing.keyId()), source);
    assertFalse(status.getJsonObject("urls").containsKey("hls"));
  }

  @Test
  @DisplayName("progress is reported as transcoding with the job's percent; once playable, the HLS "
      + "URL plays")
  void transcodingThenPlayable() {
    String id = AssetId.generate();
    publish(Topic.MEDIA_UPLOADED, id, upload(id));
    publish(Topic.TRANSCODE_PROGRESS, id, progress(id, 90, 35, false, 10));
    JsonObject working = awaitStatus(delivery, id,
        s -> s.getString("state").equals("transcoding"));
    assertEquals(35.0, working.getDouble("percent"));
    assertFalse(working.getBoolean("playable"));

    putOutput(id, "master.m3u8", "#EXTM3U\n", "application/vnd.apple.mpegurl");
    publish(Topic.TRANSCODE_PROGRESS, id, progress(id, 10, 40, true, 20));
    JsonObject playable = awaitStatus(delivery, id, s -> s.getBoolean("playable"));
    assertEquals(40.0, playable.getDouble("percent"));
    HttpResponse<byte[]> master = send(request(URI.create(
        playable.getJsonObject("urls").getString("hls"))).build());
    assertEquals(200, master.statusCode());
    assertEquals("application/vnd.apple.mpegurl",
        master.headers().firstValue("Content-Type").orElse(null));
    assertEquals(delivery.uri("/v1/media/" + id + "/manifest.mpd").toString(),
        unsigned(playable.getJsonObject("urls").getString("dash")));
  }

  @Test
  @DisplayName("completion is reported as ready with duration, ladder, poster and storyboard; an "
      + "older progress redelivered afterwards changes nothing")
  void ready() {
    String id = AssetId.generate();
    putOutput(id, "thumbs/poster.jpg", "not really a jpeg", "binary/octet-stream");
    publishLifecycleToReady(id);

    JsonObject status = awaitStatus(delivery, id, s -> s.getString("state").equals("ready"));
    assertTrue(status.getBoolean("playable"));
    assertEquals(61.5, status.getDouble("durationSeconds"));
    assertEquals("360p", status.getJsonArray("renditions").getJsonObject(0).getString("name"));
    JsonObject urls = status.getJsonObject("urls");
    assertEquals(delivery.uri("/v1/media/" + id + "/thumbs/storyboard.vtt").toString(),
        unsigned(urls.getString("storyboard")));
    HttpResponse<byte[]> poster = send(request(URI.create(urls.getString("poster"))).build());
    assertEquals(200, poster.statusCode());
    assertEquals("image/jpeg", poster.headers().firstValue("Content-Type").orElse(null));

    publish(Topic.TRANSCODE_PROGRESS, id, progress(id, 50, 50, true, 20));
    Http.holdsFor(Duration.ofSeconds(2), () ->
        assertEquals("ready", status(delivery, id).getString("state")));
  }

  @Test
  @DisplayName("a playlist is cached two seconds while its asset transcodes and a day once it is "
      + "ready; its segments are immutable all along")
  void manifestCachingFollowsLifecycle() {
    String id = AssetId.generate();
    putOutput(id, "master.m3u8", "#EXTM3U\n", "application/vnd.apple.mpegurl");
    putOutput(id, "cmaf/360p/seg_00001.m4s", "segment", "video/iso.segment");
    // Public media, so manifests go out as stored: a signed request gets a rewritten manifest
    // that carries the viewer's token and is never cached by others.
    try (RunningService<DeliveryVerticle> open = Services.delivery(new JsonObject()
        .put("REEL_DELIVERY_PUBLIC_ASSETS", "*"))) {
      publish(Topic.MEDIA_UPLOADED, id, upload(id));
      publish(Topic.TRANSCODE_PROGRESS, id, progress(id, 10, 40, true, 20));
      awaitStatus(open, id, s -> s.getBoolean("playable"));
      URI master = open.uri("/v1/media/" + id + "/master.m3u8");
      URI segment = open.uri("/v1/media/" + id + "/cmaf/360p/seg_00001.m4s");
      assertEquals("public, max-age=2", cacheControl(master));
      assertEquals("public, max-age=31536000, immutable", cacheControl(segment));

      publishLifecycleToReady(id);
      awaitStatus(open, id, s -> s.getString("state").equals("ready"));
      assertEquals("public, max-age=86400", cacheControl(master));
      assertEquals("public, max-age=31536000, immutable", cacheControl(segment));
    }
  }

  @Test
  @DisplayName("failure is reported as failed, with the reason's code, message and retryability")
  void failed() {
    String id = AssetId.generate();
    publish(Topic.MEDIA_UPLOADED, id, upload(id));
    publish(Topic.TRANSCODE_PROGRESS, id, progress(id, 20, 20, true, 10));
    publish(Topic.TRANSCODE_FAILED, id, new TranscodeFailed(id, "job-1", "SOURCE_UNREADABLE",
        "no video or audio stream", 1, false, T0.plusSeconds(30)));

    JsonObject status = awaitStatus(delivery, id, s -> s.getString("state").equals("failed"));
    assertFalse(status.getBoolean("playable"));
    assertEquals(new JsonObject().put("code", "SOURCE_UNREADABLE")
        .put("message", "no video or audio stream").put("retryable", false),
        status.getJsonObject("reason"));
    assertEquals("2026-03-01T10:00:30Z", status.getString("updatedAt"));
    assertFalse(status.getJsonObject("urls").containsKey("hls"));
  }

  @Test
  @DisplayName("a deleted asset answers 404 ASSET_NOT_FOUND")
  void deleted() {
    String id = AssetId.generate();
    publishLifecycleToReady(id);
    awaitStatus(delivery, id, s -> s.getString("state").equals("ready"));
    publish(Topic.MEDIA_DELETED, id, new MediaDeleted(id, TestPlatform.BUCKET,
        StorageLayout.originalKey(id), null, T0.plusSeconds(100)));

    eventually(WAIT, "asset " + id + " gone", () ->
        send(authorized(delivery.uri("/v1/assets/" + id)).build()).statusCode() == 404);
    HttpResponse<byte[]> response = send(authorized(delivery.uri("/v1/assets/" + id)).build());
    assertEquals("ASSET_NOT_FOUND", json(response).getString("code"));
  }

  @Test
  @DisplayName("an unknown asset answers 404 ASSET_NOT_FOUND, a malformed id 400 INVALID_ASSET_ID")
  void unknownAndMalformed() {
    HttpResponse<byte[]> unknown = send(authorized(
        delivery.uri("/v1/assets/" + AssetId.generate())).build());
    HttpResponse<byte[]> malformed = send(authorized(
        delivery.uri("/v1/assets/NOT-AN-ID")).build());

    assertEquals(404, unknown.statusCode());
    assertEquals("application/json", unknown.headers().firstValue("Content-Type").orElse(null));
    assertEquals("ASSET_NOT_FOUND", json(unknown).getString("code"));
    assertEquals(400, malformed.statusCode());
    assertEquals("INVALID_ASSET_ID", json(malformed).getString("code"));
  }

  @Test
  @DisplayName("without an API key, or with a wrong one, the answer is 401 with a challenge")
  void needsApiKey() {
    String id = AssetId.generate();
    publish(Topic.MEDIA_UPLOADED, id, upload(id));
    awaitStatus(delivery, id, s -> true);

    HttpResponse<byte[]> none = send(request(delivery.uri("/v1/assets/" + id)).build());
    HttpResponse<byte[]> wrong = send(request(delivery.uri("/v1/assets/" + id))
        .header("Authorization", "Bearer not-the-key-0123456789").build());

    for (HttpResponse<byte[]> response : List.of(none, wrong)) {
      assertEquals(401, response.statusCode());
      assertEquals("UNAUTHORIZED", json(response).getString("code"));
      assertEquals("Bearer realm=\"reel\"",
          response.headers().firstValue("WWW-Authenticate").orElse(null));
    }
  }

  @Test
  @DisplayName("a delivery started after the events reports the asset ready (state is rebuilt "
      + "from Kafka), under the configured public base URL")
  void restartSurvives() {
    String id = AssetId.generate();
    try (RunningService<DeliveryVerticle> first = Services.delivery(new JsonObject())) {
      publishLifecycleToReady(id);
      awaitStatus(first, id, s -> s.getString("state").equals("ready"));
    }

    try (RunningService<DeliveryVerticle> restarted = Services.delivery(new JsonObject()
        .put(PublicBaseUrl.KEY, "https://media.example.test/"))) {
      JsonObject status = awaitStatus(restarted, id, s -> s.getString("state").equals("ready"));
      assertEquals(61.5, status.getDouble("durationSeconds"));
      String hls = status.getJsonObject("urls").getString("hls");
      assertEquals("https://media.example.test/v1/media/" + id + "/master.m3u8", unsigned(hls));
      assertTrue(hls.contains("?Expires="), "signed for the public base URL: " + hls);
    }
  }

  @Test
  @DisplayName("HEAD on an asset's status answers as GET does, with no body; 404 for none")
  void head() {
    String id = AssetId.generate();
    publish(Topic.MEDIA_UPLOADED, id, upload(id));
    awaitStatus(delivery, id, s -> s.getString("state").equals("uploaded"));
    HttpResponse<byte[]> get = send(authorized(delivery.uri("/v1/assets/" + id)).build());
    // The JDK client never reads a body after HEAD: look at the bytes on the wire.
    Http.RawResponse head = Http.raw(delivery.uri("/"), "HEAD /v1/assets/" + id
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestPlatform.API_KEY
        + "\r\nConnection: close", new byte[0], Duration.ofSeconds(5));

    assertEquals(200, head.status());
    assertEquals("", head.body());
    for (String name : List.of("Content-Type", "Cache-Control", "Content-Length")) {
      assertEquals(get.headers().firstValue(name), head.header(name), name);
    }
    assertEquals(String.valueOf(get.body().length), head.header("Content-Length").orElse(null));
    assertEquals(404, send(authorized(delivery.uri("/v1/assets/" + AssetId.generate()))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode());
    assertEquals(401, send(request(delivery.uri("/v1/assets/" + id))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode());
  }

  // ---------------------------------------------------------------------------------------------

  /** A playback URL without its signature. */
  private static String unsigned(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  private static void publishLifecycleToReady(String id) {
    String folder = StorageLayout.renditionsPrefix(id);
    publish(Topic.MEDIA_UPLOADED, id, upload(id));
    publish(Topic.TRANSCODE_PROGRESS, id, progress(id, 100, 30, true, 10));
    publish(Topic.TRANSCODE_COMPLETED, id, new TranscodeCompleted(id, "job-1", "ffmpeg",
        folder + "master.m3u8", folder + "manifest.mpd", folder + "thumbs/poster.jpg",
        folder + "thumbs/storyboard.vtt", folder + "job.json",
        List.of(new Rendition("360p", Rendition.VIDEO, 640, 360, 25, 900_000, 800_000,
            "avc1.64001e", folder + "cmaf/360p/index.m3u8")),
        61.5, 2_000, 20_000, 3.1, T0.plusSeconds(60)));
  }

  private static MediaUploaded upload(String id) {
    return new MediaUploaded(id, TestPlatform.BUCKET, StorageLayout.originalKey(id), 1000,
        "ab".repeat(32), "video/mp4", "clip.mp4", Map.of(), "STANDARD", null, UploadMode.SINGLE,
        T0);
  }

  private static TranscodeProgress progress(String id, double percent, double overall,
      boolean playable, int second) {
    return new TranscodeProgress(id, "job-1", "360p", percent, overall, playable,
        T0.plusSeconds(second));
  }

  private static void publish(Topic topic, String id, Record payload) {
    EventPublisher publisher = topic.topicName().startsWith("media.") ? ingest : transcode;
    publisher.publish(topic, id, payload).await();
  }

  private static void putOutput(String id, String file, String body, String contentType) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    TestPlatform.get().s3Client().putObject(b -> b.bucket(TestPlatform.BUCKET)
        .key(StorageLayout.renditionKey(id, file)).contentType(contentType)
        .contentLength((long) bytes.length), AsyncRequestBody.fromBytes(bytes)).join();
  }

  private static String cacheControl(URI uri) {
    return send(request(uri).build()).headers().firstValue("Cache-Control").orElse(null);
  }

  private static JsonObject status(RunningService<DeliveryVerticle> service, String id) {
    HttpResponse<byte[]> response = send(authorized(service.uri("/v1/assets/" + id)).build());
    return response.statusCode() == 200 ? json(response) : new JsonObject()
        .put("state", "http " + response.statusCode()).put("playable", false);
  }

  /** Polls the asset's status until {@code done} holds, and returns it. */
  private static JsonObject awaitStatus(RunningService<DeliveryVerticle> service, String id,
      Predicate<JsonObject> done) {
    JsonObject[] last = new JsonObject[1];
    eventually(WAIT, "asset " + id + " status as expected", () -> {
      last[0] = status(service, id);
      return !last[0].getString("state").startsWith("http ") && done.test(last[0]);
    });
    return last[0];
  }
}
