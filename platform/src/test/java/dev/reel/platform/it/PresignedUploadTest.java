package dev.reel.platform.it;

import static dev.reel.platform.it.Http.authorized;
import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.StorageLayout;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Topic;
import dev.reel.common.event.UploadMode;
import dev.reel.ingest.config.IngestConfig;
import dev.reel.ingest.config.PresignSettings;
import dev.reel.ingest.http.IngestVerticle;
import io.cloudevents.CloudEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Presigned direct-to-S3 uploads against the real broker and S3 server. The client side is what a
 * browser does: a plain HTTP client PUTs the bytes to the presigned URL(s) with the headers the
 * plan lists, then asks ingest to complete. Ingest never sees the media bytes on the way in.
 */
class PresignedUploadTest {

  private static final int MIB = 1024 * 1024;
  /** Browsers send no Expect header, but a refused PUT is only readable with one. */
  private static final HttpClient S3_CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  /** Multipart above 16 MiB, at most 32 MiB per upload. */
  private static RunningService<IngestVerticle> ingest;

  @BeforeAll
  static void startIngest() {
    ingest = Services.ingest(new JsonObject()
        .put(PresignSettings.MULTIPART_THRESHOLD_BYTES, String.valueOf(16 * MIB))
        .put(IngestConfig.MAX_UPLOAD_BYTES, String.valueOf(32 * MIB)));
  }

  @AfterAll
  static void stopIngest() {
    if (ingest != null) {
      ingest.close();
    }
  }

  @Test
  @DisplayName("a single presigned PUT of 3 MiB, then complete: 201, the object in S3, one "
      + "media.uploaded event with mode presigned")
  void singlePut() throws Exception {
    byte[] media = TestMedia.mp4(3 * MIB, 1);
    JsonObject plan = plan(new JsonObject().put("size", media.length)
        .put("contentType", "video/mp4").put("filename", "clip.mp4")
        .put("storageClass", "STANDARD_IA").put("tags", new JsonObject().put("project", "x")));
    assertEquals("PUT", plan.getString("method"));
    assertFalse(plan.getBoolean("multipart"));
    assertTrue(plan.getString("url").startsWith(s3Endpoint()), plan.getString("url"));
    assertEquals("video/mp4", plan.getJsonObject("headers").getString("Content-Type"));
    Instant expires = Instant.parse(plan.getString("expiresAt"));
    assertTrue(expires.isAfter(Instant.now().plus(Duration.ofMinutes(59))), expires::toString);
    String assetId = plan.getString("assetId");

    assertEquals(200, put(plan.getString("url"), plan.getJsonObject("headers"), media)
        .statusCode());
    HttpResponse<byte[]> completed = complete(assetId, null);

    assertEquals(201, completed.statusCode(), new String(completed.body()));
    assertEquals(new JsonObject().put("assetId", assetId).put("size", media.length)
        .put("sha256", sha256(media)).put("contentType", "video/mp4"), json(completed));
    assertArrayEquals(media, getObject(StorageLayout.originalKey(assetId)));
    assertEquals("STANDARD_IA", head(StorageLayout.originalKey(assetId)).storageClassAsString());
    assertFalse(exists(StorageLayout.presignedUploadKey(assetId)), "the plan is removed");
    MediaUploaded event = onlyEvent(assetId);
    assertEquals(UploadMode.PRESIGNED, event.uploadMode());
    assertEquals(sha256(media), event.sha256());
    assertEquals(media.length, event.size());
    assertEquals("clip.mp4", event.filename());
    assertEquals("STANDARD_IA", event.storageClass());
    assertEquals(Map.of("project", "x"), event.tags());
  }

  @Test
  @DisplayName("20 MiB over a 16 MiB threshold: three presigned parts, completed with the ETags "
      + "S3 returned")
  void multipartWithEtags() throws Exception {
    byte[] media = TestMedia.mp4(20 * MIB + 123, 2);
    JsonObject plan = plan(new JsonObject().put("size", media.length)
        .put("contentType", "video/mp4"));
    assertTrue(plan.getBoolean("multipart"));
    assertEquals(8 * MIB, plan.getLong("partSize"));
    JsonArray parts = plan.getJsonArray("parts");
    assertEquals(3, parts.size());
    assertEquals(4 * MIB + 123, parts.getJsonObject(2).getLong("size"));
    String assetId = plan.getString("assetId");

    JsonArray etags = new JsonArray();
    for (int i = 0; i < parts.size(); i++) {
      etags.add(new JsonObject().put("partNumber", i + 1)
          .put("etag", putPart(parts.getJsonObject(i), media)));
    }
    HttpResponse<byte[]> completed = complete(assetId, new JsonObject().put("parts", etags));

    assertEquals(201, completed.statusCode(), new String(completed.body()));
    assertEquals(sha256(media), json(completed).getString("sha256"));
    assertArrayEquals(media, getObject(StorageLayout.originalKey(assetId)));
    assertTrue(s3().listMultipartUploads(b -> b.bucket(TestPlatform.BUCKET)).join().uploads()
        .stream().noneMatch(u -> u.key().equals(StorageLayout.originalKey(assetId))));
    assertEquals(UploadMode.PRESIGNED, onlyEvent(assetId).uploadMode());
  }

  @Test
  @DisplayName("a multipart upload completed without ETags is assembled from S3's own part list")
  void multipartWithoutEtags() throws Exception {
    byte[] media = TestMedia.mp4(17 * MIB, 3);
    JsonObject plan = plan(new JsonObject().put("size", media.length)
        .put("contentType", "video/mp4"));
    JsonArray parts = plan.getJsonArray("parts");
    for (int i = 0; i < parts.size(); i++) {
      putPart(parts.getJsonObject(i), media);
    }

    HttpResponse<byte[]> completed = complete(plan.getString("assetId"), null);

    assertEquals(201, completed.statusCode(), new String(completed.body()));
    assertEquals(sha256(media), json(completed).getString("sha256"));
    assertArrayEquals(media, getObject(StorageLayout.originalKey(plan.getString("assetId"))));
  }

  @Test
  @DisplayName("completing a multipart upload with a part missing is 409; once it is there, 201")
  void multipartMissingPart() throws Exception {
    byte[] media = TestMedia.mp4(18 * MIB, 4);
    JsonObject plan = plan(new JsonObject().put("size", media.length)
        .put("contentType", "video/mp4"));
    String assetId = plan.getString("assetId");
    JsonArray parts = plan.getJsonArray("parts");
    putPart(parts.getJsonObject(0), media);
    putPart(parts.getJsonObject(2), media);

    HttpResponse<byte[]> early = complete(assetId, null);
    assertEquals(409, early.statusCode(), new String(early.body()));
    assertEquals("UPLOAD_INCOMPLETE", json(early).getString("code"));
    assertTrue(json(early).getString("message").contains("[2]"), json(early).getString("message"));

    putPart(parts.getJsonObject(1), media);
    HttpResponse<byte[]> completed = complete(assetId, null);
    assertEquals(201, completed.statusCode(), new String(completed.body()));
    assertEquals(1, eventsFor(assetId).size());
  }

  @Test
  @DisplayName("complete before anything was uploaded is 409 UPLOAD_INCOMPLETE, and announces "
      + "nothing")
  void completeBeforeUpload() {
    JsonObject plan = plan(new JsonObject().put("size", 1000).put("contentType", "video/mp4"));
    String assetId = plan.getString("assetId");

    HttpResponse<byte[]> response = complete(assetId, null);

    assertEquals(409, response.statusCode(), new String(response.body()));
    assertEquals("UPLOAD_INCOMPLETE", json(response).getString("code"));
    assertFalse(exists(StorageLayout.uploadRecordKey(assetId)));
    assertTrue(exists(StorageLayout.presignedUploadKey(assetId)), "the plan stays usable");
    assertEquals(List.of(), eventsFor(assetId));
  }

  @Test
  @DisplayName("bytes of another size than declared are refused at complete with 400 and removed")
  void sizeDiffersFromDeclared() {
    JsonObject plan = plan(new JsonObject().put("size", 4096).put("contentType", "video/mp4"));
    String assetId = plan.getString("assetId");
    // The signed length stops this at S3 (see below); a store that did not check it would let
    // it through, so the test writes the wrong size behind the URL's back.
    s3().putObject(b -> b.bucket(TestPlatform.BUCKET).key(StorageLayout.originalKey(assetId))
        .contentType("video/mp4"), AsyncRequestBody.fromBytes(TestMedia.mp4(5000, 5))).join();

    HttpResponse<byte[]> response = complete(assetId, null);

    assertEquals(400, response.statusCode(), new String(response.body()));
    assertTrue(json(response).getString("message").contains("5000"));
    assertFalse(exists(StorageLayout.originalKey(assetId)), "the bytes are removed");
    assertEquals(List.of(), eventsFor(assetId));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("S3 refuses a PUT whose Content-Type or length differs from the signed one (403)")
  @CsvSource({"other content type, text/plain, 4096", "other length, video/mp4, 4000"})
  void signatureBindsTypeAndLength(String what, String contentType, int length) {
    JsonObject plan = plan(new JsonObject().put("size", 4096).put("contentType", "video/mp4"));
    JsonObject headers = plan.getJsonObject("headers").copy().put("Content-Type", contentType);

    HttpResponse<byte[]> response = put(plan.getString("url"), headers,
        TestMedia.mp4(length, 6));

    assertEquals(403, response.statusCode(), new String(response.body()));
    assertFalse(exists(StorageLayout.originalKey(plan.getString("assetId"))));
  }

  @Test
  @DisplayName("text uploaded to a presigned URL is refused at complete with 415 and not kept")
  void textIsRefused() {
    byte[] text = TestMedia.text(10_000);
    JsonObject plan = plan(new JsonObject().put("size", text.length)
        .put("contentType", "video/mp4"));
    String assetId = plan.getString("assetId");
    assertEquals(200, put(plan.getString("url"), plan.getJsonObject("headers"), text)
        .statusCode());

    HttpResponse<byte[]> response = complete(assetId, null);

    assertEquals(415, response.statusCode(), new String(response.body()));
    assertEquals("UNSUPPORTED_MEDIA_TYPE", json(response).getString("code"));
    assertFalse(exists(StorageLayout.originalKey(assetId)), "the bytes are removed");
    assertFalse(exists(StorageLayout.uploadRecordKey(assetId)));
    assertEquals(List.of(), eventsFor(assetId));
  }

  @Test
  @DisplayName("bytes whose SHA-256 is not the declared one are refused at complete and removed")
  void declaredDigestChecked() throws Exception {
    byte[] media = TestMedia.mp4(100_000, 7);
    JsonObject plan = plan(new JsonObject().put("size", media.length)
        .put("contentType", "video/mp4").put("sha256", sha256(TestMedia.mp4(100_000, 8))));
    String assetId = plan.getString("assetId");
    assertEquals(200, put(plan.getString("url"), plan.getJsonObject("headers"), media)
        .statusCode());

    HttpResponse<byte[]> response = complete(assetId, null);

    assertEquals(400, response.statusCode(), new String(response.body()));
    assertTrue(json(response).getString("message").contains(sha256(media)));
    assertFalse(exists(StorageLayout.originalKey(assetId)));
    assertEquals(List.of(), eventsFor(assetId));
  }

  @Test
  @DisplayName("a second complete answers the same 201 without a second event")
  void completeTwice() throws Exception {
    byte[] media = TestMedia.mp4(200_000, 9);
    JsonObject plan = plan(new JsonObject().put("size", media.length)
        .put("contentType", "video/mp4").put("sha256", sha256(media)));
    String assetId = plan.getString("assetId");
    put(plan.getString("url"), plan.getJsonObject("headers"), media);

    HttpResponse<byte[]> first = complete(assetId, null);
    HttpResponse<byte[]> second = complete(assetId, null);

    assertEquals(201, first.statusCode(), new String(first.body()));
    assertEquals(201, second.statusCode(), new String(second.body()));
    assertEquals(json(first), json(second));
    assertEquals("true", second.headers().firstValue("Idempotent-Replayed").orElse(null));
    assertEquals(1, eventsFor(assetId).size());
  }

  @Test
  @DisplayName("the same Idempotency-Key on create returns the same plan; another key, another")
  void idempotentCreate() {
    JsonObject body = new JsonObject().put("size", 1000).put("contentType", "video/mp4");
    String key = "presign-" + UUID.randomUUID();

    HttpResponse<byte[]> first = create(body, key);
    HttpResponse<byte[]> again = create(body, key);
    HttpResponse<byte[]> other = create(body, key + "-other");

    assertEquals(201, first.statusCode(), new String(first.body()));
    assertEquals(201, again.statusCode());
    assertEquals(json(first), json(again));
    assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(null));
    assertNotEquals(json(first).getString("assetId"), json(other).getString("assetId"));
  }

  @ParameterizedTest(name = "{1}")
  @DisplayName("create refuses bad requests before anything is planned")
  @CsvSource(delimiter = '|', value = {
      "413 | {\"size\":33554433,\"contentType\":\"video/mp4\"}",
      "400 | {\"size\":0,\"contentType\":\"video/mp4\"}",
      "400 | {\"size\":10,\"contentType\":\"video/mp4\",\"colour\":\"red\"}",
      "400 | {\"size\":\"10\",\"contentType\":\"video/mp4\"}",
      "400 | {\"size\":10,\"contentType\":\"video/mp4\",\"storageClass\":\"FAST\"}",
      "400 | {\"size\":10}",
      "400 | not json",
      "400 | [1,2]",
      "415 | {\"size\":10,\"contentType\":\"text/plain\"}"})
  void badCreate(int status, String body) {
    HttpResponse<byte[]> response = send(authorized(ingest.uri("/v1/uploads/presigned"))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(body)).build());

    assertEquals(status, response.statusCode(), new String(response.body()));
    assertTrue(json(response).containsKey("code"));
  }

  @Test
  @DisplayName("a create body over 16 KiB is 413; the streaming POST /v1/uploads has no such "
      + "limit")
  void bodyLimitOnlyOnJsonEndpoint() {
    String padded = "{\"size\":10,\"contentType\":\"video/mp4\",\"filename\":\""
        + "a".repeat(20_000) + "\"}";
    HttpResponse<byte[]> tooLarge = send(authorized(ingest.uri("/v1/uploads/presigned"))
        .POST(BodyPublishers.ofString(padded)).build());
    HttpResponse<byte[]> streamed = send(authorized(ingest.uri("/v1/uploads"))
        .header("Content-Type", "video/mp4")
        .POST(BodyPublishers.ofByteArray(TestMedia.mp4(64 * 1024, 10))).build());

    assertEquals(413, tooLarge.statusCode(), new String(tooLarge.body()));
    assertEquals("PAYLOAD_TOO_LARGE", json(tooLarge).getString("code"));
    assertEquals(201, streamed.statusCode(), new String(streamed.body()));
  }

  @Test
  @DisplayName("both endpoints need the API key; complete knows only planned, valid asset ids")
  void authAndUnknownAssets() {
    HttpResponse<byte[]> noKey = send(request(ingest.uri("/v1/uploads/presigned"))
        .POST(BodyPublishers.ofString("{\"size\":10,\"contentType\":\"video/mp4\"}")).build());
    HttpResponse<byte[]> noKeyComplete = send(request(
        ingest.uri("/v1/uploads/01m8zzzzzzzzzzzzzzzzzzzzzz/complete"))
        .POST(BodyPublishers.noBody()).build());
    HttpResponse<byte[]> unknown = complete("01m8zzzzzzzzzzzzzzzzzzzzzz", null);
    HttpResponse<byte[]> invalid = complete("not-an-id", null);

    assertEquals(401, noKey.statusCode());
    assertEquals(401, noKeyComplete.statusCode());
    assertEquals(404, unknown.statusCode(), new String(unknown.body()));
    assertEquals("ASSET_NOT_FOUND", json(unknown).getString("code"));
    assertEquals(400, invalid.statusCode());
    assertEquals("INVALID_ASSET_ID", json(invalid).getString("code"));
  }

  @Test
  @DisplayName("with REEL_S3_PUBLIC_ENDPOINT set, URLs are signed for that endpoint")
  void publicEndpoint() {
    try (RunningService<IngestVerticle> outside = Services.ingest(new JsonObject()
        .put(PresignSettings.PUBLIC_ENDPOINT, "http://s3.example.test:9000"))) {
      HttpResponse<byte[]> created = send(authorized(outside.uri("/v1/uploads/presigned"))
          .POST(BodyPublishers.ofString("{\"size\":10,\"contentType\":\"video/mp4\"}")).build());

      assertEquals(201, created.statusCode(), new String(created.body()));
      assertTrue(json(created).getString("url").startsWith(
          "http://s3.example.test:9000/" + TestPlatform.BUCKET + "/originals/"),
          json(created).getString("url"));
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static JsonObject plan(JsonObject body) {
    HttpResponse<byte[]> created = create(body, null);
    assertEquals(201, created.statusCode(), new String(created.body()));
    return json(created);
  }

  private static HttpResponse<byte[]> create(JsonObject body, String idempotencyKey) {
    HttpRequest.Builder request = authorized(ingest.uri("/v1/uploads/presigned"))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(body.encode()));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(request.build());
  }

  private static HttpResponse<byte[]> complete(String assetId, JsonObject body) {
    return send(authorized(ingest.uri("/v1/uploads/" + assetId + "/complete"))
        .header("Content-Type", "application/json")
        .POST(body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body.encode()))
        .build());
  }

  /** A PUT as a browser sends it: the bytes, with the headers the plan lists. */
  private static HttpResponse<byte[]> put(String url, JsonObject headers, byte[] body) {
    HttpRequest.Builder request = request(URI.create(url)).expectContinue(true)
        .PUT(BodyPublishers.ofByteArray(body));
    headers.forEach(header -> request.header(header.getKey(), (String) header.getValue()));
    return send(S3_CLIENT, request.build());
  }

  /** PUTs the part's slice of {@code media} to its URL; answers the ETag S3 returned. */
  private static String putPart(JsonObject part, byte[] media) {
    int offset = (part.getInteger("partNumber") - 1) * 8 * MIB;
    byte[] slice = Arrays.copyOfRange(media, offset, offset + part.getInteger("size"));
    HttpResponse<byte[]> response = put(part.getString("url"), new JsonObject(), slice);
    assertEquals(200, response.statusCode(), new String(response.body()));
    return response.headers().firstValue("ETag").orElseThrow();
  }

  private static String s3Endpoint() {
    return TestPlatform.get().s3().endpoint().orElseThrow().toString();
  }

  private static S3AsyncClient s3() {
    return TestPlatform.get().s3Client();
  }

  private static byte[] getObject(String key) {
    return s3().getObject(b -> b.bucket(TestPlatform.BUCKET).key(key),
        AsyncResponseTransformer.toBytes()).join().asByteArray();
  }

  private static HeadObjectResponse head(String key) {
    return s3().headObject(b -> b.bucket(TestPlatform.BUCKET).key(key)).join();
  }

  private static boolean exists(String key) {
    try {
      head(key);
      return true;
    } catch (CompletionException e) {
      if (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** The one media.uploaded event of the asset, waiting for it if need be. */
  private static MediaUploaded onlyEvent(String assetId) {
    eventually(Duration.ofSeconds(20), "a media.uploaded event for " + assetId,
        () -> !eventsFor(assetId).isEmpty());
    List<CloudEvent> events = eventsFor(assetId);
    assertEquals(1, events.size(), "media.uploaded events for " + assetId);
    return EventCodec.decode(events.get(0), MediaUploaded.class).data();
  }

  /** The media.uploaded events about {@code assetId}, deduplicated on their CloudEvents id. */
  private static List<CloudEvent> eventsFor(String assetId) {
    return List.copyOf(TestTopics.events(Topic.MEDIA_UPLOADED, assetId).values());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
