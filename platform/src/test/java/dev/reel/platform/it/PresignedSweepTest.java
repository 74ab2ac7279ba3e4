package dev.reel.platform.it;

import static dev.reel.platform.it.Http.authorized;
import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.holdsFor;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.StorageLayout;
import dev.reel.common.event.Topic;
import dev.reel.ingest.config.PresignSettings;
import dev.reel.ingest.config.TusSettings;
import dev.reel.ingest.http.IngestVerticle;
import dev.reel.ingest.presigned.PendingUpload;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;

/**
 * Abandoned presigned uploads against the real S3 server: an ingest that sweeps every second and
 * accepts completions for one minute after a plan's URLs expire. Waiting out real expiries would
 * take over ten minutes, so a test moves a plan's {@code expiresAt} back in time in the bucket,
 * which is all that the sweeper and completion read.
 */
class PresignedSweepTest {

  private static final Duration GRACE = Duration.ofMinutes(1);
  private static final HttpClient S3_CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private static RunningService<IngestVerticle> ingest;

  @BeforeAll
  static void startIngest() {
    ingest = Services.ingest(new JsonObject()
        .put(TusSettings.SWEEP_INTERVAL_SECONDS, "1")
        .put(PresignSettings.COMPLETION_GRACE_MINUTES, String.valueOf(GRACE.toMinutes())));
  }

  @AfterAll
  static void stopIngest() {
    if (ingest != null) {
      ingest.close();
    }
  }

  @Test
  @DisplayName("a single PUT nobody completed is removed with its plan once past its grace "
      + "period and the sweep margin, and announces nothing")
  void abandonedSinglePutIsRemoved() {
    String assetId = uploadedNotCompleted(TestMedia.mp4(50_000, 21));
    expireAgo(assetId, GRACE.plus(PendingUpload.SWEEP_MARGIN).plusMinutes(1));

    // The sweeper deletes the plan last: once it is gone, the sweep of this upload is over.
    eventually(Duration.ofSeconds(15), "the abandoned upload is swept",
        () -> TestBucket.keys(StorageLayout.presignedUploadKey(assetId)).isEmpty());

    assertEquals(Set.of(), TestBucket.keys("originals/" + assetId + "/"));
    assertEquals(Map.of(), TestTopics.events(Topic.MEDIA_UPLOADED, assetId));
  }

  @Test
  @DisplayName("a completed upload whose plan was left behind keeps its original and record; "
      + "only the plan is swept")
  void completedUploadIsKept() {
    byte[] media = TestMedia.mp4(60_000, 22);
    String assetId = uploadedNotCompleted(media);
    byte[] plan = object(StorageLayout.presignedUploadKey(assetId));
    assertEquals(201, complete(assetId).statusCode());
    // As if completion's removal of the plan had failed, long ago.
    put(StorageLayout.presignedUploadKey(assetId), plan);
    expireAgo(assetId, Duration.ofDays(2));

    eventually(Duration.ofSeconds(15), "the leftover plan is swept",
        () -> TestBucket.keys(StorageLayout.presignedUploadKey(assetId)).isEmpty());

    holdsFor(Duration.ofSeconds(2), () -> assertEquals(Set.of(
        StorageLayout.originalKey(assetId), StorageLayout.uploadRecordKey(assetId)),
        TestBucket.keys("originals/" + assetId + "/")));
  }

  @Test
  @DisplayName("after its URLs expired, an upload can still be completed during the grace period, "
      + "and the sweeper leaves it alone meanwhile")
  void graceAllowsLateCompletion() {
    String assetId = uploadedNotCompleted(TestMedia.mp4(40_000, 23));
    expireAgo(assetId, Duration.ofSeconds(20));

    holdsFor(Duration.ofSeconds(3), () -> assertEquals(Set.of(StorageLayout.originalKey(assetId)),
        TestBucket.keys("originals/" + assetId + "/")));
    HttpResponse<byte[]> completed = complete(assetId);

    assertEquals(201, completed.statusCode(), new String(completed.body()));
    assertTrue(TestBucket.keys("originals/" + assetId + "/")
        .contains(StorageLayout.uploadRecordKey(assetId)));
  }

  @Test
  @DisplayName("completing after the grace period is 410 UPLOAD_EXPIRED, records and announces "
      + "nothing")
  void tooLateIsRefused() {
    String assetId = uploadedNotCompleted(TestMedia.mp4(40_000, 24));
    expireAgo(assetId, GRACE.plusSeconds(30));

    HttpResponse<byte[]> response = complete(assetId);

    assertEquals(410, response.statusCode(), new String(response.body()));
    assertEquals("UPLOAD_EXPIRED", json(response).getString("code"));
    assertEquals(Set.of(StorageLayout.originalKey(assetId)),
        TestBucket.keys("originals/" + assetId + "/"), "bytes stay for the sweeper");
    assertEquals(Map.of(), TestTopics.events(Topic.MEDIA_UPLOADED, assetId));
  }

  // ---------------------------------------------------------------------------------------------

  /** Plans a single PUT, PUTs {@code media} to its URL, and answers the asset id. */
  private static String uploadedNotCompleted(byte[] media) {
    HttpResponse<byte[]> created = Http.send(authorized(ingest.uri("/v1/uploads/presigned"))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(new JsonObject().put("size", media.length)
            .put("contentType", "video/mp4").encode())).build());
    assertEquals(201, created.statusCode(), new String(created.body()));
    JsonObject plan = json(created);
    HttpRequest.Builder put = request(URI.create(plan.getString("url")))
        .PUT(BodyPublishers.ofByteArray(media));
    plan.getJsonObject("headers").forEach(h -> put.header(h.getKey(), (String) h.getValue()));
    assertEquals(200, Http.send(S3_CLIENT, put.build()).statusCode());
    return plan.getString("assetId");
  }

  /** Rewrites the stored plan as if its URLs had expired {@code ago}. */
  private static void expireAgo(String assetId, Duration ago) {
    String key = StorageLayout.presignedUploadKey(assetId);
    JsonObject plan = new JsonObject(new String(object(key)));
    Instant expiresAt = Instant.now().minus(ago);
    plan.put("expiresAt", expiresAt.toString())
        .put("createdAt", expiresAt.minus(Duration.ofHours(1)).toString());
    put(key, plan.encode().getBytes());
  }

  private static HttpResponse<byte[]> complete(String assetId) {
    return Http.send(authorized(ingest.uri("/v1/uploads/" + assetId + "/complete"))
        .POST(BodyPublishers.noBody()).build());
  }

  private static byte[] object(String key) {
    return TestPlatform.get().s3Client().getObject(b -> b.bucket(TestPlatform.BUCKET).key(key),
        AsyncResponseTransformer.toBytes()).join().asByteArray();
  }

  private static void put(String key, byte[] bytes) {
    TestPlatform.get().s3Client().putObject(b -> b.bucket(TestPlatform.BUCKET).key(key)
        .contentType("application/json"), AsyncRequestBody.fromBytes(bytes)).join();
  }
}
