package dev.reel.platform.it;

import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.StorageLayout;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Topic;
import dev.reel.common.event.UploadMode;
import dev.reel.ingest.config.IngestConfig;
import dev.reel.ingest.http.IngestVerticle;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusURLStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * tus 1.0 resumable uploads at {@code /v1/tus/} against the real broker and S3 server, driven by
 * the stock tus-java-client where it can be (it sends PATCH as POST with
 * {@code X-HTTP-Method-Override} and {@code Expect: 100-continue}, as it does in the field) and by
 * plain HTTP where a test needs to misbehave.
 */
class TusUploadTest {

  private static final int MIB = 1024 * 1024;
  /** Fingerprints differ from run to run, as files on different days would. */
  private static final String RUN = UUID.randomUUID().toString();
  private static final String SIZE = String.valueOf(12 * MIB);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * Single uploads go in 16 MiB parts here; tus sizes its parts from the upload's length, so a
   * 12 MiB tus upload still goes in three (5 + 5 + 2 MiB).
   */
  private static RunningService<IngestVerticle> ingest;

  @BeforeAll
  static void startIngest() {
    ingest = Services.ingest(new JsonObject()
        .put(IngestConfig.PART_SIZE_BYTES, String.valueOf(16 * MIB)));
  }

  @AfterAll
  static void stopIngest() {
    if (ingest != null) {
      ingest.close();
    }
  }

  @Test
  @DisplayName("the stock client uploads 12 MiB in 1 MiB PATCHes: same bytes and SHA-256, one "
      + "media.uploaded event with mode tus")
  void completesInChunks() throws Exception {
    byte[] media = TestMedia.mp4(12 * MIB, 1);
    TusClient client = client(ingest, new TusURLMemoryStore());
    TusUploader uploader = client.createUpload(upload(media, "chunks", Map.of(
        "filename", "chunks.mp4", "filetype", "video/mp4", "tags", "team=video&kind=test")));
    String assetId = assetId(uploader.getUploadURL());
    assertEquals(ingest.uri("/v1/tus/" + assetId).toURL(), uploader.getUploadURL());

    uploader.setChunkSize(MIB);
    uploader.setRequestPayloadSize(MIB);
    for (int i = 0; i < 6; i++) {
      uploader.uploadChunk();
    }
    assertEquals(List.of((long) 5 * MIB), partSizes(assetId),
        "parts sized from Upload-Length, not REEL_UPLOAD_PART_SIZE_BYTES; the 6th MiB waits");
    uploadRest(uploader, MIB);

    assertArrayEquals(media, object(StorageLayout.originalKey(assetId)));
    MediaUploaded event = onlyEvent(assetId);
    assertEquals(UploadMode.TUS, event.uploadMode());
    assertEquals(sha256(media), event.sha256());
    assertEquals(media.length, event.size());
    assertEquals("video/mp4", event.contentType());
    assertEquals("chunks.mp4", event.filename());
    assertEquals(Map.of("team", "video", "kind", "test"), event.tags());
    assertEquals(Set.of(), TestBucket.keys("uploads/tus/" + assetId));
    assertEquals(Set.of(), pendingMultipartUploads(assetId));
    HttpResponse<byte[]> head = send(head(ingest.uri("/v1/tus/" + assetId)));
    assertEquals(200, head.statusCode());
    assertEquals(SIZE, header(head, "Upload-Offset"));
    assertEquals(SIZE, header(head, "Upload-Length"));
  }

  @Test
  @DisplayName("PATCHes with a Content-Length end on a part of their own (8 MiB after 5, then "
      + "6 MiB): no tail object, and S3 assembles the parts of unequal size into the file")
  void announcedPatchesEndOnParts() throws Exception {
    byte[] media = TestMedia.mp4(20 * MIB, 7);
    URI upload = create(ingest, media.length, "filetype " + b64("video/mp4"));
    String assetId = assetId(upload);

    assertEquals(204, send(patch(upload, 0, Arrays.copyOf(media, 13 * MIB))).statusCode());
    assertEquals(List.of(5L * MIB, 8L * MIB), partSizes(assetId));
    assertEquals(Set.of("uploads/tus/" + assetId + ".json"),
        TestBucket.keys("uploads/tus/" + assetId), "the state and no tail object");
    assertEquals(204, send(patch(upload, 13 * MIB,
        Arrays.copyOfRange(media, 13 * MIB, 19 * MIB))).statusCode());
    assertEquals(List.of(5L * MIB, 8L * MIB, 6L * MIB), partSizes(assetId));
    assertEquals(204, send(patch(upload, 19 * MIB,
        Arrays.copyOfRange(media, 19 * MIB, media.length))).statusCode());

    assertArrayEquals(media, object(StorageLayout.originalKey(assetId)));
    assertEquals(sha256(media), onlyEvent(assetId).sha256());
    assertEquals(Set.of(), pendingMultipartUploads(assetId));
  }

  @Test
  @DisplayName("a client that stalls mid-PATCH is taken over by a new one, which resumes from "
      + "the server's durable offset with the same URL store")
  void resumesAfterStalledConnection() throws Exception {
    byte[] media = TestMedia.mp4(12 * MIB, 2);
    TusURLStore urls = new TusURLMemoryStore();
    TusUploader first = client(ingest, urls).resumeOrCreateUpload(upload(media, "stall", Map.of()));
    first.setChunkSize(MIB);
    first.setRequestPayloadSize(12 * MIB);
    for (int i = 0; i < 7; i++) {
      first.uploadChunk();
    }
    // Abandoned: its PATCH connection stays open with 7 MiB sent and the rest never coming.

    TusUploader second = client(ingest, urls).resumeOrCreateUpload(upload(media, "stall",
        Map.of()));
    long resumedAt = second.getOffset();
    assertEquals(first.getUploadURL(), second.getUploadURL());
    assertTrue(resumedAt > 0 && resumedAt <= 7 * MIB, "resumed at " + resumedAt);
    uploadRest(second, MIB);

    String assetId = assetId(second.getUploadURL());
    assertArrayEquals(media, object(StorageLayout.originalKey(assetId)));
    assertEquals(sha256(media), onlyEvent(assetId).sha256());
  }

  @Test
  @DisplayName("a connection that drops mid-PATCH keeps exactly the bytes that arrived: the "
      + "upload resumes from the offset HEAD reports and completes intact")
  void resumesAfterDroppedConnection() throws Exception {
    byte[] media = TestMedia.mp4(12 * MIB, 3);
    URI upload = create(ingest, media.length, null);
    int sent = 3 * MIB + 12_345;
    try (Socket socket = new Socket(upload.getHost(), upload.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("PATCH " + upload.getPath() + " HTTP/1.1\r\nHost: " + upload.getAuthority()
          + "\r\nAuthorization: Bearer " + TestPlatform.API_KEY + "\r\nTus-Resumable: 1.0.0"
          + "\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream"
          + "\r\nContent-Length: " + (8 * MIB) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(media, 0, sent);
      out.flush();
    }

    // The dead request reaches the server on a connection of its own, maybe after a HEAD would.
    eventually(Duration.ofSeconds(10), "the bytes that arrived count", () -> offset(upload) > 0);
    long offset = offset(upload);
    assertTrue(offset <= sent, "offset " + offset + " after sending " + sent);
    HttpResponse<byte[]> rest = send(patch(upload, offset,
        Arrays.copyOfRange(media, (int) offset, media.length)));
    assertEquals(204, rest.statusCode(), new String(rest.body()));
    assertEquals(SIZE, header(rest, "Upload-Offset"));
    String assetId = assetId(upload.toURL());
    assertArrayEquals(media, object(StorageLayout.originalKey(assetId)));
    assertEquals(sha256(media), onlyEvent(assetId).sha256());
  }

  @Test
  @DisplayName("an upload survives a restart of ingest: its state is in S3, so a new process "
      + "on another port answers HEAD with the offset and takes the rest")
  void resumesAfterRestart() throws Exception {
    byte[] media = TestMedia.mp4(12 * MIB, 4);
    RunningService<IngestVerticle> before = Services.ingest(new JsonObject());
    URL url;
    try {
      TusUploader uploader = client(before, new TusURLMemoryStore())
          .createUpload(upload(media, "restart", Map.of("filename", "restart.mp4")));
      uploader.setChunkSize(MIB);
      uploader.setRequestPayloadSize(MIB);
      for (int i = 0; i < 6; i++) {
        uploader.uploadChunk();
      }
      url = uploader.getUploadURL();
    } finally {
      before.close();
    }

    RunningService<IngestVerticle> after = Services.ingest(new JsonObject());
    try {
      URI moved = after.uri(url.getPath());
      assertEquals(6 * MIB, offset(moved));
      HttpResponse<byte[]> rest = send(patch(moved, 6 * MIB,
          Arrays.copyOfRange(media, 6 * MIB, media.length)));
      assertEquals(204, rest.statusCode(), new String(rest.body()));
      assertEquals(SIZE, header(rest, "Upload-Offset"));
    } finally {
      after.close();
    }
    String assetId = assetId(url);
    assertArrayEquals(media, object(StorageLayout.originalKey(assetId)));
    MediaUploaded event = onlyEvent(assetId);
    assertEquals(sha256(media), event.sha256());
    assertEquals("restart.mp4", event.filename());
  }

  @Test
  @DisplayName("a body that does not match its Upload-Checksum is answered 460 and not kept; "
      + "a matching one is")
  void checksumMismatch() throws Exception {
    byte[] media = TestMedia.mp4(2 * MIB, 5);
    URI upload = create(ingest, media.length, null);
    byte[] chunk = Arrays.copyOf(media, MIB);
    String wrong = "sha256 " + Base64.getEncoder().encodeToString(digest("SHA-256",
        Arrays.copyOf(media, MIB - 1)));

    HttpResponse<byte[]> refused = send(patch(upload, 0, chunk, "Upload-Checksum", wrong));
    assertEquals(460, refused.statusCode());
    assertEquals("CHECKSUM_MISMATCH", json(refused).getString("code"));
    assertEquals(0, offset(upload));

    String right = "sha1 " + Base64.getEncoder().encodeToString(digest("SHA-1", chunk));
    HttpResponse<byte[]> kept = send(patch(upload, 0, chunk, "Upload-Checksum", right));
    assertEquals(204, kept.statusCode(), new String(kept.body()));
    assertEquals(MIB, offset(upload));
  }

  @Test
  @DisplayName("a PATCH at the wrong Upload-Offset is answered 409 and changes nothing")
  void wrongOffset() {
    URI upload = create(ingest, 2 * MIB, null);
    byte[] media = TestMedia.mp4(MIB, 6);
    assertEquals(204, send(patch(upload, 0, media)).statusCode());

    HttpResponse<byte[]> conflict = send(patch(upload, 100, media));
    assertEquals(409, conflict.statusCode());
    assertEquals("OFFSET_MISMATCH", json(conflict).getString("code"));
    assertEquals(MIB, offset(upload));
  }

  @Test
  @DisplayName("DELETE terminates an upload: 204, then 404, and no object, state or multipart "
      + "upload is left")
  void termination() {
    byte[] media = TestMedia.mp4(12 * MIB, 7);
    URI upload = create(ingest, media.length, null);
    assertEquals(204, send(patch(upload, 0, Arrays.copyOf(media, 6 * MIB))).statusCode());
    String assetId = assetId(upload);
    assertEquals(1, pendingMultipartUploads(assetId).size(), "a whole part went up");

    HttpResponse<byte[]> deleted = send(tus(upload).DELETE().build());
    assertEquals(204, deleted.statusCode());
    assertEquals("1.0.0", header(deleted, "Tus-Resumable"));
    assertEquals(404, send(head(upload)).statusCode());
    assertEquals(Set.of(), TestBucket.keys("originals/" + assetId));
    assertEquals(Set.of(), TestBucket.keys("uploads/tus/" + assetId));
    assertEquals(Set.of(), pendingMultipartUploads(assetId));
  }

  @Test
  @DisplayName("content that is not media is refused with 415 at the first PATCH and nothing "
      + "is kept")
  void textIsRefused() {
    URI upload = create(ingest, 2 * MIB, "filetype " + b64("text/plain"));
    String assetId = assetId(upload);

    HttpResponse<byte[]> refused = send(patch(upload, 0, TestMedia.text(MIB)));
    assertEquals(415, refused.statusCode());
    assertEquals("UNSUPPORTED_MEDIA_TYPE", json(refused).getString("code"));
    assertEquals(404, send(head(upload)).statusCode());
    assertEquals(Set.of(), TestBucket.keys("originals/" + assetId));
    assertEquals(Set.of(), TestBucket.keys("uploads/tus/" + assetId));
    assertEquals(Set.of(), pendingMultipartUploads(assetId));
  }

  @Test
  @DisplayName("OPTIONS tells the version, extensions, checksum algorithms and maximum size, "
      + "without the API key")
  void discovery() {
    HttpResponse<byte[]> options = send(Http.request(ingest.uri("/v1/tus"))
        .method("OPTIONS", BodyPublishers.noBody()).build());
    assertEquals(204, options.statusCode());
    assertEquals("1.0.0", header(options, "Tus-Resumable"));
    assertEquals("1.0.0", header(options, "Tus-Version"));
    assertEquals("creation,creation-with-upload,termination,checksum,expiration",
        header(options, "Tus-Extension"));
    assertEquals("sha1,sha256", header(options, "Tus-Checksum-Algorithm"));
    assertEquals(String.valueOf(50L * 1024 * MIB), header(options, "Tus-Max-Size"));
  }

  @Test
  @DisplayName("a request without Tus-Resumable: 1.0.0 is answered 412 with Tus-Version")
  void versionRequired() {
    HttpResponse<byte[]> response = send(Http.authorized(ingest.uri("/v1/tus"))
        .header("Upload-Length", "1000").POST(BodyPublishers.noBody()).build());
    assertEquals(412, response.statusCode());
    assertEquals("1.0.0", header(response, "Tus-Version"));
    assertEquals("PROTOCOL_VERSION_UNSUPPORTED", json(response).getString("code"));
  }

  @Test
  @DisplayName("creation checks Upload-Length: missing or 0 is a 400, over the maximum a 413")
  void creationChecksLength() {
    assertEquals(400, send(tus(ingest.uri("/v1/tus")).POST(BodyPublishers.noBody()).build())
        .statusCode());
    HttpResponse<byte[]> empty = send(creation(ingest.uri("/v1/tus"), "0").build());
    assertEquals(400, empty.statusCode());
    assertEquals("EMPTY_BODY", json(empty).getString("code"));
    HttpResponse<byte[]> huge = send(creation(ingest.uri("/v1/tus"),
        String.valueOf(60L * 1024 * MIB)).build());
    assertEquals(413, huge.statusCode());
  }

  @Test
  @DisplayName("creation with an Idempotency-Key that was seen before answers the same upload")
  void idempotentCreation() {
    HttpRequest request = creation(ingest.uri("/v1/tus"), "5000")
        .header("Idempotency-Key", "tus-" + System.nanoTime()).build();
    HttpResponse<byte[]> first = send(request);
    HttpResponse<byte[]> again = send(request);
    assertEquals(201, first.statusCode());
    assertEquals(201, again.statusCode());
    assertEquals(header(first, "Location"), header(again, "Location"));
    assertNotEquals(header(first, "Location"),
        header(send(creation(ingest.uri("/v1/tus"), "5000").build()), "Location"));
  }

  @Test
  @DisplayName("creation-with-upload: bytes sent with the POST count, in one request")
  void creationWithUpload() {
    byte[] media = TestMedia.mp4(100_000, 8);
    HttpResponse<byte[]> created = send(creation(ingest.uri("/v1/tus"),
        String.valueOf(media.length))
        .header("Content-Type", "application/offset+octet-stream")
        .POST(BodyPublishers.ofByteArray(media)).build());
    assertEquals(201, created.statusCode(), new String(created.body()));
    assertEquals(String.valueOf(media.length), header(created, "Upload-Offset"));
    String assetId = assetId(URI.create(header(created, "Location")));
    assertArrayEquals(media, object(StorageLayout.originalKey(assetId)));
    assertEquals(UploadMode.TUS, onlyEvent(assetId).uploadMode());
  }

  // ---------------------------------------------------------------------------------------------

  private static TusClient client(RunningService<IngestVerticle> service, TusURLStore urls)
      throws Exception {
    TusClient client = new TusClient();
    client.setUploadCreationURL(service.uri("/v1/tus").toURL());
    client.setHeaders(Map.of("Authorization", "Bearer " + TestPlatform.API_KEY));
    client.enableResuming(urls);
    return client;
  }

  private static TusUpload upload(byte[] bytes, String fingerprint, Map<String, String> meta) {
    TusUpload upload = new TusUpload();
    upload.setInputStream(new ByteArrayInputStream(bytes));
    upload.setSize(bytes.length);
    upload.setFingerprint(RUN + "-" + fingerprint);
    upload.setMetadata(meta);
    return upload;
  }

  private static void uploadRest(TusUploader uploader, int chunk) throws Exception {
    uploader.setChunkSize(chunk);
    uploader.setRequestPayloadSize(chunk);
    while (uploader.uploadChunk() > -1) {
      // one PATCH per chunk
    }
    uploader.finish();
  }

  private static HttpRequest.Builder tus(URI uri) {
    return Http.authorized(uri).header("Tus-Resumable", "1.0.0");
  }

  private static HttpRequest.Builder creation(URI endpoint, String length) {
    return tus(endpoint).header("Upload-Length", length).POST(BodyPublishers.noBody());
  }

  private static URI create(RunningService<IngestVerticle> service, long length,
      String metadata) {
    HttpRequest.Builder request = creation(service.uri("/v1/tus"), String.valueOf(length));
    if (metadata != null) {
      request.header("Upload-Metadata", metadata);
    }
    HttpResponse<byte[]> created = send(request.build());
    assertEquals(201, created.statusCode(), new String(created.body()));
    return URI.create(header(created, "Location"));
  }

  private static HttpRequest patch(URI upload, long offset, byte[] body, String... headers) {
    HttpRequest.Builder request = tus(upload).header("Upload-Offset", String.valueOf(offset))
        .header("Content-Type", "application/offset+octet-stream")
        .method("PATCH", BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request.build();
  }

  private static HttpRequest head(URI upload) {
    return tus(upload).method("HEAD", BodyPublishers.noBody()).build();
  }

  private static long offset(URI upload) {
    HttpResponse<byte[]> head = send(head(upload));
    assertEquals(200, head.statusCode());
    assertEquals("no-store", header(head, "Cache-Control"));
    return Long.parseLong(header(head, "Upload-Offset"));
  }

  private static HttpResponse<byte[]> send(HttpRequest request) {
    return Http.send(HTTP, request);
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElseThrow(
        () -> new AssertionError("no " + name + " in " + response.headers().map()));
  }

  private static String assetId(URL url) {
    return url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
  }

  private static String assetId(URI uri) {
    return uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
  }

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static S3AsyncClient s3() {
    return TestPlatform.get().s3Client();
  }

  private static byte[] object(String key) {
    return s3().getObject(b -> b.bucket(TestPlatform.BUCKET).key(key),
        AsyncResponseTransformer.toBytes()).join().asByteArray();
  }

  /** Multipart uploads of the asset's original begun and neither completed nor aborted. */
  private static Set<String> pendingMultipartUploads(String assetId) {
    return s3().listMultipartUploads(b -> b.bucket(TestPlatform.BUCKET)
            .prefix(StorageLayout.originalKey(assetId))).join().uploads().stream()
        .map(u -> u.key() + " " + u.uploadId())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The sizes of the parts of the asset's one pending multipart upload. */
  private static List<Long> partSizes(String assetId) {
    String uploadId = pendingMultipartUploads(assetId).stream().findFirst()
        .orElseThrow(() -> new AssertionError("no multipart upload for " + assetId))
        .split(" ")[1];
    return s3().listParts(b -> b.bucket(TestPlatform.BUCKET)
            .key(StorageLayout.originalKey(assetId)).uploadId(uploadId)).join().parts().stream()
        .map(part -> part.size())
        .toList();
  }

  /**
   * The one media.uploaded event of the asset: waits for it, then checks there is no other.
   * Delivery is at-least-once with deduplication on {@code ce_id} (EVENTS.md): the outbox may
   * send one event twice, under one id, but a second id would be a second announcement.
   */
  private static MediaUploaded onlyEvent(String assetId) {
    Map<String, MediaUploaded> events = new LinkedHashMap<>();
    eventually(Duration.ofSeconds(30), "a media.uploaded event for " + assetId, () -> {
      events.clear();
      events.putAll(uploadedEvents(assetId));
      return !events.isEmpty();
    });
    assertEquals(1, events.size(), "media.uploaded event ids for " + assetId);
    return events.values().iterator().next();
  }

  /** The media.uploaded events about {@code assetId}, by ce_id. */
  private static Map<String, MediaUploaded> uploadedEvents(String assetId) {
    Map<String, MediaUploaded> found = new LinkedHashMap<>();
    TestTopics.events(Topic.MEDIA_UPLOADED, assetId).forEach((id, event) ->
        found.put(id, EventCodec.decode(event, MediaUploaded.class).data()));
    return found;
  }

  private static byte[] digest(String algorithm, byte[] bytes) throws Exception {
    return MessageDigest.getInstance(algorithm).digest(bytes);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(digest("SHA-256", bytes));
  }
}
