package dev.reel.platform.it;

import static dev.reel.platform.it.Http.authorized;
import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.admin.http.AdminVerticle;
import dev.reel.common.event.Topic;
import dev.reel.delivery.http.DeliveryVerticle;
import dev.reel.ingest.http.IngestVerticle;
import dev.reel.transcode.http.TranscodeVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The thin path through all four services, against the real broker and S3 server: upload →
 * media.uploaded → transcode receives it → admin lists it → a ranged GET returns exactly the
 * right bytes, and the list survives a restart of admin because it is rebuilt from Kafka.
 */
class WalkingSkeletonTest {

  private static RunningService<IngestVerticle> ingest;
  private static RunningService<TranscodeVerticle> transcode;
  private static RunningService<DeliveryVerticle> delivery;
  private static RunningService<AdminVerticle> admin;

  @BeforeAll
  static void startServices() {
    ingest = Services.ingest(new JsonObject());
    // A group of its own, so this test's transcode reads the topic from the start.
    transcode = Services.transcode(new JsonObject()
        .put("REEL_TRANSCODE_CONSUMER_GROUP", "skeleton-" + UUID.randomUUID()));
    delivery = Services.delivery(new JsonObject());
    admin = Services.admin(new JsonObject());
  }

  @AfterAll
  static void stopServices() {
    for (RunningService<?> service : Arrays.asList(ingest, transcode, delivery, admin)) {
      if (service != null) {
        service.close();
      }
    }
  }

  @Test
  @DisplayName("an upload travels through Kafka to transcode and admin, and plays back by range")
  void uploadToRangedPlayback() throws Exception {
    byte[] media = TestMedia.mp4(3 * 1024 * 1024 + 123, 42);

    HttpResponse<byte[]> created = send(authorized(ingest.uri("/v1/uploads"))
        .header("Content-Type", "video/mp4")
        .header("X-Reel-Filename", "skeleton.mp4")
        .POST(BodyPublishers.ofByteArray(media)).build());
    assertEquals(201, created.statusCode(), new String(created.body()));
    JsonObject upload = json(created);
    String assetId = upload.getString("assetId");
    assertEquals(media.length, upload.getLong("size"));
    assertEquals(sha256(media), upload.getString("sha256"));
    assertEquals("video/mp4", upload.getString("contentType"));

    // Distinct events: an outbox may write one event twice under one id, counted once.
    long published = TestTopics.events(Topic.MEDIA_UPLOADED, key -> true).size();
    eventually(Duration.ofSeconds(30), "transcode received every media.uploaded event",
        () -> transcodeReceived() == published);

    eventually(Duration.ofSeconds(30), "admin lists " + assetId,
        () -> listedAsset(assetId) != null);
    JsonObject listed = listedAsset(assetId);
    assertEquals(media.length, listed.getLong("size"));
    assertEquals("video/mp4", listed.getString("contentType"));
    assertEquals("skeleton.mp4", listed.getString("filename"));
    // The bytes only look like an MP4: transcode gives up on them at once, and admin hears so.
    eventually(Duration.ofSeconds(30), "admin lists " + assetId + " as failed, corrupt input",
        () -> {
          JsonObject now = listedAsset(assetId);
          return "failed".equals(now.getString("state"))
              && "CORRUPT_INPUT".equals(now.getString("failureCode"));
        });

    URI source = Signing.url(delivery.uri("/v1/media/" + assetId + "/source"));
    HttpResponse<byte[]> ranged = send(request(source)
        .header("Range", "bytes=1000000-1999999").build());
    assertEquals(206, ranged.statusCode());
    assertEquals("bytes 1000000-1999999/" + media.length,
        ranged.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(media, 1_000_000, 2_000_000), ranged.body());

    admin.close();
    admin = Services.admin(new JsonObject());
    eventually(Duration.ofSeconds(30), "a restarted admin lists " + assetId + " again",
        () -> listedAsset(assetId) != null);
  }

  private static JsonObject listedAsset(String assetId) {
    HttpResponse<byte[]> response = send(authorized(admin.uri("/v1/assets?limit=1000")).build());
    assertEquals(200, response.statusCode());
    JsonArray assets = json(response).getJsonArray("assets");
    return assets.stream().map(JsonObject.class::cast)
        .filter(a -> a.getString("assetId").equals(assetId))
        .findFirst().orElse(null);
  }

  private static double transcodeReceived() {
    String metrics = new String(send(request(transcode.uri("/metrics")).build()).body());
    return metrics.lines()
        .filter(line -> line.startsWith("reel_transcode_uploads_received_total"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
