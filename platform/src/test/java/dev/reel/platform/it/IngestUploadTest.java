package dev.reel.platform.it;

import static dev.reel.platform.it.Http.authorized;
import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.holdsFor;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.StorageLayout;
import dev.reel.common.event.Event;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Topic;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.ingest.config.IngestConfig;
import dev.reel.ingest.http.IngestVerticle;
import io.cloudevents.CloudEvent;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * {@code POST /v1/uploads} against the real broker and S3 server: authentication, header and
 * body validation, single-PUT and multipart storage, the upload record, the media.uploaded event,
 * and the outbox that keeps that event while Kafka cannot be reached.
 */
class IngestUploadTest {

  private static final int MIB = 1024 * 1024;
  private static final String PART_SIZE = String.valueOf(5 * MIB);

  /** Default settings but a 1 MiB upload limit. */
  private static RunningService<IngestVerticle> small;
  /** 5 MiB parts, default limit: a 12 MiB upload goes through S3 multipart. */
  private static RunningService<IngestVerticle> multipart;
  /** 5 MiB parts and a 7 MiB limit: a multipart upload is started, then refused. */
  private static RunningService<IngestVerticle> limitedMultipart;
  /** Kafka bootstrap on a port that refuses connections. */
  private static RunningService<IngestVerticle> noKafka;
  private static RefusedPort refused;

  private static byte[] bigMedia;
  private static JsonObject bigUpload;

  @BeforeAll
  static void startServices() {
    // The Kafka-less instance takes ~10 s to start (its topic check times out): start it alongside.
    refused = RefusedPort.open();
    CompletableFuture<RunningService<IngestVerticle>> withoutKafka = CompletableFuture.supplyAsync(
        () -> Services.ingest(new JsonObject()
            .put(KafkaSettings.BOOTSTRAP_SERVERS, refused.address())));
    small = Services.ingest(new JsonObject()
        .put(IngestConfig.MAX_UPLOAD_BYTES, String.valueOf(MIB)));
    multipart = Services.ingest(new JsonObject().put(IngestConfig.PART_SIZE_BYTES, PART_SIZE));
    limitedMultipart = Services.ingest(new JsonObject()
        .put(IngestConfig.PART_SIZE_BYTES, PART_SIZE)
        .put(IngestConfig.MAX_UPLOAD_BYTES, String.valueOf(7 * MIB)));
    noKafka = withoutKafka.join();
  }

  @AfterAll
  static void stopServices() {
    for (RunningService<?> service : Arrays.asList(small, multipart, limitedMultipart, noKafka)) {
      if (service != null) {
        service.close();
      }
    }
    if (refused != null) {
      refused.close();
    }
  }

  @Test
  @DisplayName("an upload without an API key is refused with 401, a JSON error and a Bearer "
      + "challenge")
  void missingKey() {
    HttpResponse<byte[]> response = send(request(small.uri("/v1/uploads"))
        .POST(BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build());

    assertEquals(401, response.statusCode());
    assertEquals("UNAUTHORIZED", json(response).getString("code"));
    assertTrue(json(response).getString("message").contains("missing API key"));
    assertEquals("Bearer realm=\"reel\"",
        response.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  @Test
  @DisplayName("an upload with a wrong API key is refused with 401, a JSON error and a Bearer "
      + "challenge")
  void wrongKey() {
    HttpResponse<byte[]> response = send(request(small.uri("/v1/uploads"))
        .header("Authorization", "Bearer " + TestPlatform.API_KEY + "-not")
        .POST(BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build());

    assertEquals(401, response.statusCode());
    assertEquals("UNAUTHORIZED", json(response).getString("code"));
    assertEquals("invalid API key", json(response).getString("message"));
    assertEquals("Bearer realm=\"reel\"",
        response.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  @Test
  @DisplayName("an empty body with Content-Length: 0 is refused with 400 EMPTY_BODY and stores "
      + "nothing")
  void emptyDeclaredBody() {
    Set<String> before = originals();
    HttpResponse<byte[]> response = send(authorized(small.uri("/v1/uploads"))
        .header("Content-Type", "video/mp4")
        .POST(BodyPublishers.ofByteArray(new byte[0])).build());

    assertEquals(400, response.statusCode(), new String(response.body()));
    assertEquals("EMPTY_BODY", json(response).getString("code"));
    assertEquals(before, originals());
  }

  @Test
  @DisplayName("an empty chunked body is refused with 400 EMPTY_BODY and stores nothing")
  void emptyChunkedBody() {
    Set<String> before = originals();
    HttpResponse<byte[]> response = send(authorized(small.uri("/v1/uploads"))
        .version(HttpClient.Version.HTTP_1_1)
        .header("Content-Type", "video/mp4")
        .POST(chunked(new byte[0])).build());

    assertEquals(400, response.statusCode(), new String(response.body()));
    assertEquals("EMPTY_BODY", json(response).getString("code"));
    assertEquals(before, originals());
  }

  @Test
  @DisplayName("a declared Content-Length over REEL_UPLOAD_MAX_BYTES is refused with 413 and "
      + "stores nothing")
  void declaredTooLarge() {
    Set<String> before = originals();
    HttpResponse<byte[]> response = send(authorized(small.uri("/v1/uploads"))
        .version(HttpClient.Version.HTTP_1_1)
        .POST(BodyPublishers.ofByteArray(mp4(MIB + 1, 2))).build());

    assertEquals(413, response.statusCode(), new String(response.body()));
    assertEquals("PAYLOAD_TOO_LARGE", json(response).getString("code"));
    assertTrue(json(response).getString("message").contains(String.valueOf(MIB + 1)));
    assertEquals(before, originals());
  }

  @Test
  @DisplayName("a chunked body that grows over REEL_UPLOAD_MAX_BYTES is refused with 413 and "
      + "stores nothing")
  void chunkedTooLarge() {
    Set<String> before = originals();
    HttpResponse<byte[]> response = send(authorized(small.uri("/v1/uploads"))
        .version(HttpClient.Version.HTTP_1_1)
        .POST(chunked(mp4(3 * MIB, 4))).build());

    assertEquals(413, response.statusCode(), new String(response.body()));
    assertEquals("PAYLOAD_TOO_LARGE", json(response).getString("code"));
    assertEquals(before, originals());
  }

  @Test
  @DisplayName("a declared Content-Length over the limit is answered 413 with the connection "
      + "closed, not left open to receive the rest of the body")
  void declaredTooLargeClosesConnection() {
    Http.RawResponse response = Http.raw(small.uri("/"), "POST /v1/uploads HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Authorization: Bearer " + TestPlatform.API_KEY + "\r\n"
        + "Content-Length: 10737418240", new byte[0], Duration.ofSeconds(5));

    assertEquals(413, response.status(), response.body());
    assertTrue(response.body().contains("PAYLOAD_TOO_LARGE"), response.body());
    assertEquals("close", response.header("Connection").orElse(null), response.headers());
    assertTrue(response.closedByServer(),
        "the server kept the connection open to read a 10 GiB body it had already refused");
  }

  @Test
  @DisplayName("a chunked body refused over HTTP/2 gets 413 without HTTP/1 connection headers")
  void chunkedTooLargeOverHttp2() {
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    // The first request upgrades the connection to h2c; the upload then runs on HTTP/2.
    Http.send(h2, request(small.uri("/health/live")).build());
    HttpResponse<byte[]> response = Http.send(h2, authorized(small.uri("/v1/uploads"))
        .POST(chunked(mp4(3 * MIB, 4))).build());

    assertEquals(HttpClient.Version.HTTP_2, response.version());
    assertEquals(413, response.statusCode(), new String(response.body()));
    assertEquals("PAYLOAD_TOO_LARGE", json(response).getString("code"));
    // RFC 9113 8.2.2: a message with a connection-specific header field is malformed.
    assertEquals(Optional.empty(), response.headers().firstValue("Connection"),
        response.headers().map().toString());
  }

  @Test
  @DisplayName("a chunked body refused after its multipart upload began leaves no object, part "
      + "or pending upload")
  void chunkedTooLargeAbortsMultipart() {
    Set<String> objectsBefore = originalsAndParts();
    Set<String> uploadsBefore = pendingMultipartUploads();
    HttpResponse<byte[]> response = send(authorized(limitedMultipart.uri("/v1/uploads"))
        .version(HttpClient.Version.HTTP_1_1)
        .POST(chunked(mp4(12 * MIB, 7))).build());

    assertEquals(413, response.statusCode(), new String(response.body()));
    assertEquals("PAYLOAD_TOO_LARGE", json(response).getString("code"));
    eventually(Duration.ofSeconds(5), "the multipart upload is aborted",
        () -> pendingMultipartUploads().equals(uploadsBefore));
    // A part still uploading when the abort went out may land after it: S3Proxy then lists it
    // as an object ".mpus-<uploadId>-<key>-<n>" (S3 keeps it billed). Give such a part time.
    holdsFor(Duration.ofSeconds(3), () -> assertEquals(objectsBefore, originalsAndParts(),
        "no object or part is left in the bucket"));
  }

  @ParameterizedTest(name = "Content-Type: {0}")
  @ValueSource(strings = {"video", "video/", "/mp4", "video/mp4/x", "vid eo/mp4", "vidéo/mp4"})
  @DisplayName("a malformed Content-Type is refused with 400 BAD_REQUEST")
  void malformedContentType(String contentType) {
    HttpResponse<byte[]> response = send(authorized(small.uri("/v1/uploads"))
        .header("Content-Type", contentType)
        .POST(BodyPublishers.ofByteArray(new byte[] {1})).build());

    assertEquals(400, response.statusCode(), new String(response.body()));
    assertEquals("BAD_REQUEST", json(response).getString("code"));
    assertTrue(json(response).getString("message").contains("Content-Type"));
  }

  @ParameterizedTest(name = "X-Reel-Filename: {0}")
  @ValueSource(strings = {"dir/clip.mp4", "../clip.mp4", "dir\\clip.mp4", "clip\t1.mp4"})
  @DisplayName("an X-Reel-Filename with a slash or a control character is refused with 400")
  void badFilename(String filename) {
    Set<String> before = originals();
    HttpResponse<byte[]> response = send(authorized(small.uri("/v1/uploads"))
        .header("X-Reel-Filename", filename)
        .POST(BodyPublishers.ofByteArray(new byte[] {1})).build());

    assertEquals(400, response.statusCode(), new String(response.body()));
    assertEquals("BAD_REQUEST", json(response).getString("code"));
    assertTrue(json(response).getString("message").contains("X-Reel-Filename"));
    assertEquals(before, originals());
  }

  @ParameterizedTest(name = "X-Reel-Filename with character code {0}")
  @ValueSource(ints = {0x01, 0x1f, 0x7f})
  @DisplayName("an X-Reel-Filename with a control character the JDK client will not send is "
      + "refused with 400 (by the HTTP codec, before the handler: the body is not JSON)")
  void controlCharacterInFilename(int control) {
    Set<String> before = originals();
    Http.RawResponse response = Http.raw(small.uri("/"), "POST /v1/uploads HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Authorization: Bearer " + TestPlatform.API_KEY + "\r\n"
        + "X-Reel-Filename: clip" + (char) control + ".mp4\r\n"
        + "Content-Length: 1", new byte[] {1}, Duration.ofSeconds(5));

    assertEquals(400, response.status(), response.body());
    assertEquals(before, originals());
  }

  @Test
  @DisplayName("an unknown X-Reel-Storage-Class is refused with 400 naming the allowed classes")
  void unknownStorageClass() {
    HttpResponse<byte[]> response = send(authorized(small.uri("/v1/uploads"))
        .header("X-Reel-Storage-Class", "PLATINUM")
        .POST(BodyPublishers.ofByteArray(new byte[] {1})).build());

    assertEquals(400, response.statusCode(), new String(response.body()));
    assertEquals("BAD_REQUEST", json(response).getString("code"));
    assertTrue(json(response).getString("message").contains("STANDARD_IA"));
  }

  @Test
  @DisplayName("a chunked upload larger than two parts is stored as one object with exactly its "
      + "bytes")
  void multipartObjectMatches() throws Exception {
    String assetId = bigUpload().getString("assetId");
    String key = StorageLayout.originalKey(assetId);

    HeadObjectResponse head = s3().headObject(b -> b.bucket(TestPlatform.BUCKET).key(key)).join();
    assertEquals(bigMedia.length, head.contentLength());
    assertEquals("video/mp4", head.contentType());
    assertEquals(assetId, head.metadata().get("asset-id"));
    assertEquals("big.mp4", head.metadata().get("filename"));
    byte[] stored = getObject(key);
    assertEquals(bigMedia.length, stored.length);
    assertEquals(sha256(bigMedia), sha256(stored));
    assertEquals(sha256(bigMedia), bigUpload().getString("sha256"));
    assertEquals(bigMedia.length, bigUpload().getLong("size"));
  }

  @Test
  @DisplayName("the upload record beside the original states the same size and sha256")
  void uploadRecordMatches() throws Exception {
    String assetId = bigUpload().getString("assetId");

    JsonObject record = new JsonObject(new String(
        getObject(StorageLayout.uploadRecordKey(assetId)), StandardCharsets.UTF_8));
    assertEquals(assetId, record.getString("assetId"));
    assertEquals(bigMedia.length, record.getLong("size"));
    assertEquals(sha256(bigMedia), record.getString("sha256"));
    assertEquals("video/mp4", record.getString("contentType"));
    assertEquals(StorageLayout.originalKey(assetId), record.getString("key"));
    assertEquals(TestPlatform.BUCKET, record.getString("bucket"));
  }

  @Test
  @DisplayName("a stored upload is announced by a media.uploaded CloudEvent keyed by its asset id")
  void mediaUploadedEvent() throws Exception {
    String assetId = bigUpload().getString("assetId");

    CloudEvent event = eventFor(assetId);
    assertEquals("media.uploaded", event.getType());
    assertEquals(assetId, event.getSubject());
    assertEquals(URI.create(IngestVerticle.EVENT_SOURCE), event.getSource());
    assertEquals("application/json", event.getDataContentType());
    MediaUploaded data = EventCodec.decode(event, MediaUploaded.class).data();
    assertEquals(assetId, data.assetId());
    assertEquals(bigMedia.length, data.size());
    assertEquals(sha256(bigMedia), data.sha256());
    assertEquals("video/mp4", data.contentType());
    assertEquals("STANDARD", data.storageClass());
    assertEquals("big.mp4", data.filename());
  }

  @Test
  @DisplayName("X-Reel-Storage-Class reaches the S3 object and the media.uploaded event")
  void storageClassPropagates() {
    HttpResponse<byte[]> created = send(authorized(small.uri("/v1/uploads"))
        .header("Content-Type", "audio/mpeg")
        .header("X-Reel-Storage-Class", "standard_ia")
        .POST(BodyPublishers.ofByteArray(mp3(1000, 3))).build());
    assertEquals(201, created.statusCode(), new String(created.body()));
    String assetId = json(created).getString("assetId");

    HeadObjectResponse head = s3().headObject(b -> b.bucket(TestPlatform.BUCKET)
        .key(StorageLayout.originalKey(assetId))).join();
    assertEquals("STANDARD_IA", head.storageClassAsString());
    Event<MediaUploaded> event = EventCodec.decode(eventFor(assetId), MediaUploaded.class);
    assertEquals("STANDARD_IA", event.data().storageClass());
    assertEquals("audio/mpeg", event.data().contentType());
  }

  @Test
  @DisplayName("a browser form (multipart/form-data): the text fields before the file name the "
      + "asset, set its storage class and tags; the file's bytes are stored as sent")
  void formFields() {
    byte[] media = mp4(5000, 13);
    HttpResponse<byte[]> created = send(authorized(small.uri("/v1/uploads"))
        .header("Content-Type", "multipart/form-data; boundary=" + FORM_BOUNDARY)
        .POST(BodyPublishers.ofByteArray(form(List.of("filename", "named.mp4", "storageClass",
            "standard_ia", "tags", "show=demo&season=1"), media, List.of()))).build());

    assertEquals(201, created.statusCode(), new String(created.body()));
    String assetId = json(created).getString("assetId");
    assertArrayEquals(media, getObject(StorageLayout.originalKey(assetId)));
    assertEquals("STANDARD_IA", s3().headObject(b -> b.bucket(TestPlatform.BUCKET)
        .key(StorageLayout.originalKey(assetId))).join().storageClassAsString());
    MediaUploaded data = EventCodec.decode(eventFor(assetId), MediaUploaded.class).data();
    assertEquals("named.mp4", data.filename());
    assertEquals("STANDARD_IA", data.storageClass());
    assertEquals(Map.of("show", "demo", "season", "1"), data.tags());
    assertEquals("video/mp4", data.contentType());
  }

  @Test
  @DisplayName("a form with a field after its file is refused with 400 and stores nothing; an "
      + "unknown storage class in a form is a 400 too")
  void formRefusals() {
    Set<String> before = originals();
    HttpResponse<byte[]> late = send(authorized(small.uri("/v1/uploads"))
        .header("Content-Type", "multipart/form-data; boundary=" + FORM_BOUNDARY)
        .POST(BodyPublishers.ofByteArray(form(List.of(), mp4(5000, 14),
            List.of("tags", "late=yes")))).build());
    HttpResponse<byte[]> badClass = send(authorized(small.uri("/v1/uploads"))
        .header("Content-Type", "multipart/form-data; boundary=" + FORM_BOUNDARY)
        .POST(BodyPublishers.ofByteArray(form(List.of("storageClass", "FAST"), mp4(5000, 15),
            List.of()))).build());

    assertEquals(400, late.statusCode(), new String(late.body()));
    assertEquals("BAD_REQUEST", json(late).getString("code"));
    assertTrue(json(late).getString("message").contains("before it"), json(late).toString());
    assertEquals(400, badClass.statusCode(), new String(badClass.body()));
    assertEquals(before, originals());
  }

  @Test
  @DisplayName("when Kafka is unreachable an upload still answers 201, and its media.uploaded "
      + "event is kept in the outbox and delivered once Kafka can be reached")
  void kafkaUnreachable() {
    HttpResponse<byte[]> response = send(authorized(noKafka.uri("/v1/uploads"))
        .header("Content-Type", "video/mp4")
        .POST(BodyPublishers.ofByteArray(mp4(4096, 5))).build());

    assertEquals(201, response.statusCode(), new String(response.body()));
    String assetId = json(response).getString("assetId");
    assertTrue(originals().contains(StorageLayout.originalKey(assetId)));
    // Every ingest drains the bucket's outbox; those of this class can reach Kafka.
    CloudEvent event = eventFor(assetId);
    assertEquals(assetId, EventCodec.decode(event, MediaUploaded.class).data().assetId());
    eventually(Duration.ofSeconds(10), "the outbox entry is removed once sent",
        () -> TestBucket.keys("outbox/").stream().noneMatch(key -> key.contains(assetId)));
  }

  // ---------------------------------------------------------------------------------------------

  /** One 12 MiB + 7 byte chunked upload through 5 MiB parts, shared by the tests that read it. */
  private static synchronized JsonObject bigUpload() {
    if (bigUpload == null) {
      bigMedia = mp4(12 * MIB + 7, 12);
      HttpResponse<byte[]> created = send(authorized(multipart.uri("/v1/uploads"))
          .version(HttpClient.Version.HTTP_1_1)
          .header("Content-Type", "video/mp4")
          .header("X-Reel-Filename", "big.mp4")
          .POST(chunked(bigMedia)).build());
      assertEquals(201, created.statusCode(), new String(created.body()));
      bigUpload = json(created);
    }
    return bigUpload;
  }

  private static HttpRequest.BodyPublisher chunked(byte[] bytes) {
    return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
  }

  private static final String FORM_BOUNDARY = "----ReelFormBoundary7MA4YWxkTrZu0gW";

  /** A form as a browser sends it: text fields (name, value, ...), the file, more fields. */
  private static byte[] form(List<String> before, byte[] media, List<String> after) {
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    formFields(form, before);
    form.writeBytes(("--" + FORM_BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
        + "filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    form.writeBytes(media);
    form.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    formFields(form, after);
    form.writeBytes(("--" + FORM_BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return form.toByteArray();
  }

  private static void formFields(ByteArrayOutputStream form, List<String> namesAndValues) {
    for (int i = 0; i < namesAndValues.size(); i += 2) {
      form.writeBytes(("--" + FORM_BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
          + namesAndValues.get(i) + "\"\r\n\r\n" + namesAndValues.get(i + 1) + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  private static byte[] mp4(int size, long seed) {
    return TestMedia.mp4(size, seed);
  }

  /** Random bytes behind an ID3 tag header, as an MP3 file starts. */
  private static byte[] mp3(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    System.arraycopy(new byte[] {'I', 'D', '3', 4, 0, 0}, 0, bytes, 0, 6);
    return bytes;
  }

  private static S3AsyncClient s3() {
    return TestPlatform.get().s3Client();
  }

  private static byte[] getObject(String key) {
    return s3().getObject(b -> b.bucket(TestPlatform.BUCKET).key(key),
        AsyncResponseTransformer.toBytes()).join().asByteArray();
  }

  /** Every key under {@code originals/}. */
  private static Set<String> originals() {
    return TestBucket.keys("originals/");
  }

  /** Every original, and every multipart part S3Proxy lists as an object of its own. */
  private static Set<String> originalsAndParts() {
    return TestBucket.keys("").stream()
        .filter(key -> key.startsWith("originals/") || key.startsWith(".mpus-"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every multipart upload begun and neither completed nor aborted, as key and upload id. */
  private static Set<String> pendingMultipartUploads() {
    List<MultipartUpload> uploads = s3().listMultipartUploads(b -> b.bucket(TestPlatform.BUCKET))
        .join().uploads();
    return uploads.stream().map(u -> u.key() + " " + u.uploadId())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The media.uploaded event about {@code assetId}, waiting for it if need be. */
  private static CloudEvent eventFor(String assetId) {
    eventually(Duration.ofSeconds(20), "a media.uploaded event for " + assetId,
        () -> !TestTopics.events(Topic.MEDIA_UPLOADED, assetId).isEmpty());
    return TestTopics.events(Topic.MEDIA_UPLOADED, assetId).values().iterator().next();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
