package dev.reel.platform.it;

import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.Rendition;
import dev.reel.common.event.Topic;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.kafka.EventPublisher;
import dev.reel.delivery.config.EdgeCacheSettings;
import dev.reel.delivery.config.OriginSettings;
import dev.reel.delivery.http.DeliveryVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * Delivery's edge cache against the real S3 server, seen through a {@link CountingS3Proxy} that
 * counts what actually reaches S3: request collapsing, the disk bound, invalidation by events,
 * and a restart.
 */
class DeliveryEdgeCacheTest {

  private static final int SEGMENT_BYTES = 3 * 1024 * 1024;
  private static final long DISK_BYTES = 24L * 1024 * 1024;
  private static final int ORIGIN_TIMEOUT_SECONDS = 3;

  private static CountingS3Proxy s3;
  private static Path cacheDir;
  private static RunningService<DeliveryVerticle> delivery;
  private static Vertx vertx;
  private static EventPublisher events;

  @BeforeAll
  static void start() throws IOException {
    s3 = CountingS3Proxy.start(TestPlatform.get().s3().endpoint().orElseThrow());
    cacheDir = Files.createTempDirectory(TestPlatform.get().dataDir(), "edge-cache-");
    delivery = Services.delivery(cacheConfig(cacheDir));
    vertx = Vertx.vertx();
    events = EventPublisher.create(vertx, TestPlatform.get().kafka(), "/reel/test").await();
  }

  @AfterAll
  static void stop() {
    delivery.close();
    vertx.close().await();
    s3.close();
  }

  /** A small memory level, so that segments live on disk; manifests trusted for a minute. */
  private static JsonObject cacheConfig(Path dir) {
    return new JsonObject()
        .put("REEL_DELIVERY_PUBLIC_ASSETS", "*")
        .put("REEL_S3_ENDPOINT", s3.endpoint().toString())
        .put(EdgeCacheSettings.DIR, dir.toString())
        .put(EdgeCacheSettings.DISK_BYTES, String.valueOf(DISK_BYTES))
        .put(EdgeCacheSettings.MAX_OBJECT_BYTES, String.valueOf(8 * 1024 * 1024))
        .put(EdgeCacheSettings.MEMORY_BYTES, String.valueOf(4 * 1024 * 1024))
        .put(EdgeCacheSettings.MANIFEST_TTL_MS, "60000")
        .put(OriginSettings.RESPONSE_TIMEOUT_SECONDS, String.valueOf(ORIGIN_TIMEOUT_SECONDS));
  }

  @Test
  @DisplayName("150 concurrent GETs, whole and ranged, of one uncached segment reach S3 as "
      + "exactly one GET, and every viewer gets the right bytes")
  void collapses() {
    String id = AssetId.generate();
    String key = StorageLayout.renditionKey(id, "cmaf/720p/seg_00001.m4s");
    byte[] bytes = put(key, random(SEGMENT_BYTES, 1));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    s3.delayGets(Duration.ofMillis(500));
    List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
    try {
      for (int i = 0; i < 150; i++) {
        HttpRequest.Builder get = request(delivery.uri("/v1/media/" + id
            + "/cmaf/720p/seg_00001.m4s"));
        if (i % 3 != 0) {
          get.header("Range", "bytes=" + (i * 10_000) + "-" + (i * 10_000 + 1_048_575));
        }
        responses.add(client.sendAsync(get.build(), HttpResponse.BodyHandlers.ofByteArray()));
      }
      for (int i = 0; i < responses.size(); i++) {
        HttpResponse<byte[]> response = responses.get(i).join();
        boolean ranged = i % 3 != 0;
        assertEquals(ranged ? 206 : 200, response.statusCode(), "request " + i);
        assertArrayEquals(ranged ? Arrays.copyOfRange(bytes, i * 10_000, i * 10_000 + 1_048_576)
            : bytes, response.body(), "request " + i);
      }
    } finally {
      s3.delayGets(Duration.ZERO);
    }

    assertEquals(1, s3.count("GET", TestPlatform.BUCKET, key));
    assertEquals(0, s3.count("HEAD", TestPlatform.BUCKET, key));
  }

  @Test
  @DisplayName("the cache's files never exceed the configured disk size; the oldest go first")
  void diskBound() throws Exception {
    String id = AssetId.generate();
    List<String> paths = new ArrayList<>();
    for (int n = 1; n <= 12; n++) {
      String file = "cmaf/360p/seg_" + n + ".m4s";
      put(StorageLayout.renditionKey(id, file), random(SEGMENT_BYTES, 100 + n));
      paths.add("/v1/media/" + id + "/" + file);
    }
    AtomicLong largest = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        largest.accumulateAndGet(objectBytes(cacheDir), Math::max);
      }
    });
    sampler.start();
    try {
      paths.forEach(path -> assertEquals(200, send(request(delivery.uri(path)).build())
          .statusCode()));
    } finally {
      sampling.set(false);
      sampler.join();
    }

    assertTrue(largest.get() <= DISK_BYTES, largest.get() + " bytes on disk");
    assertTrue(delivery.metric("reel_delivery_cache_evictions_total", "level=\"disk\"") >= 5);
    send(request(delivery.uri(paths.get(11))).build());
    assertEquals(1, s3.count("GET", TestPlatform.BUCKET,
        StorageLayout.renditionKey(id, "cmaf/360p/seg_12.m4s")), "the last is still cached");
  }

  @Test
  @DisplayName("media.deleted drops a cached original: served from the cache after S3 lost it, "
      + "404 once the event is read")
  void mediaDeleted() {
    String id = AssetId.generate();
    String key = StorageLayout.originalKey(id);
    put(key, random(100_000, 2));
    String path = "/v1/media/" + id + "/source";
    assertEquals(200, send(request(delivery.uri(path)).build()).statusCode());
    TestPlatform.get().s3Client().deleteObject(b -> b.bucket(TestPlatform.BUCKET).key(key))
        .join();
    assertEquals(200, send(request(delivery.uri(path)).build()).statusCode(), "from the cache");

    events.publish(Topic.MEDIA_DELETED, id, new MediaDeleted(id, TestPlatform.BUCKET, key, null,
        Instant.now())).await();

    eventually(Duration.ofSeconds(30), "the cache dropped the original",
        () -> send(request(delivery.uri(path)).build()).statusCode() == 404);
    // One fill; then at most one look that found nothing, if a request came after the cache read
    // the event but before the asset's lifecycle did.
    int gets = s3.count("GET", TestPlatform.BUCKET, key);
    assertTrue(gets == 1 || gets == 2, gets + " GETs");
  }

  @Test
  @DisplayName("a deleted asset's files that S3 still holds (transcode removes renditions after "
      + "the event) are answered 404 ASSET_NOT_FOUND, not fetched and cached again")
  void deletedAssetStaysGone() {
    Segment segment = newSegment(200_000, 6);
    URI uri = delivery.uri(segment.path());
    assertEquals(200, send(request(uri).build()).statusCode());

    events.publish(Topic.MEDIA_DELETED, segment.id(), new MediaDeleted(segment.id(),
        TestPlatform.BUCKET, StorageLayout.originalKey(segment.id()), null, Instant.now()))
        .await();

    eventually(Duration.ofSeconds(30), "the deleted asset's segment is refused",
        () -> send(request(uri).build()).statusCode() == 404);
    int gets = s3.count("GET", TestPlatform.BUCKET, segment.key());
    for (int i = 0; i < 5; i++) {
      HttpResponse<byte[]> response = send(request(uri).build());
      assertEquals(404, response.statusCode());
      assertEquals("ASSET_NOT_FOUND", json(response).getString("code"));
    }
    assertEquals(gets, s3.count("GET", TestPlatform.BUCKET, segment.key()), "S3 asked again");
  }

  @Test
  @DisplayName("transcode.completed drops a cached playlist before its TTL runs out")
  void transcodeCompleted() {
    String id = AssetId.generate();
    String key = StorageLayout.renditionKey(id, StorageLayout.HLS_MASTER);
    String path = "/v1/media/" + id + "/" + StorageLayout.HLS_MASTER;
    put(key, "#EXTM3U\n# lowest rung\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("#EXTM3U\n# lowest rung\n", body(path));
    put(key, "#EXTM3U\n# whole ladder\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("#EXTM3U\n# lowest rung\n", body(path), "trusted for its TTL");

    events.publish(Topic.TRANSCODE_COMPLETED, id, completed(id)).await();

    eventually(Duration.ofSeconds(30), "the new playlist is served",
        () -> body(path).equals("#EXTM3U\n# whole ladder\n"));
  }

  @Test
  @DisplayName("warm disk hits are the stored bytes: large ranges over HTTP/1.1 (sent with "
      + "sendfile), small ranges, suffixes and whole bodies, and the same over HTTP/2")
  void diskHits() {
    String id = AssetId.generate();
    String key = StorageLayout.renditionKey(id, "cmaf/480p/seg_00002.m4s");
    byte[] bytes = put(key, random(SEGMENT_BYTES, 4));
    String path = "/v1/media/" + id + "/cmaf/480p/seg_00002.m4s";
    assertArrayEquals(bytes, send(request(delivery.uri(path)).build()).body());
    double diskHitsBefore = delivery.metric("reel_delivery_cache_hits_total", "level=\"disk\"");

    List<String> ranges = List.of("bytes=0-1048575", "bytes=1000000-2048575",
        "bytes=3000000-", "bytes=-4096", "bytes=262140-266235", "bytes=5-5");
    for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_1_1,
        HttpClient.Version.HTTP_2)) {
      HttpClient client = HttpClient.newBuilder().version(version).build();
      for (String range : ranges) {
        HttpResponse<byte[]> response = Http.send(client,
            request(delivery.uri(path)).header("Range", range).build());
        assertEquals(206, response.statusCode(), version + " " + range);
        String[] span = response.headers().firstValue("Content-Range").orElseThrow()
            .replace("bytes ", "").split("[-/]");
        int first = Integer.parseInt(span[0]);
        int last = Integer.parseInt(span[1]);
        assertEquals(String.valueOf(SEGMENT_BYTES), span[2]);
        assertArrayEquals(Arrays.copyOfRange(bytes, first, last + 1), response.body(),
            version + " " + range);
      }
      HttpResponse<byte[]> whole = Http.send(client, request(delivery.uri(path)).build());
      assertEquals(200, whole.statusCode());
      assertArrayEquals(bytes, whole.body(), version + " whole body");
    }

    assertEquals(1, s3.count("GET", TestPlatform.BUCKET, key));
    assertTrue(delivery.metric("reel_delivery_cache_hits_total", "level=\"disk\"")
        > diskHitsBefore);
  }

  @Test
  @DisplayName("viewers who hang up while a disk hit is sent with sendfile are not logged as "
      + "errors")
  void sendfileViewerGone() throws Exception {
    String id = AssetId.generate();
    String path = "/v1/media/" + id + "/cmaf/1080p/seg_00003.m4s";
    put(StorageLayout.renditionKey(id, "cmaf/1080p/seg_00003.m4s"), random(7 * 1024 * 1024, 5));
    send(request(delivery.uri(path)).build());
    try (LoudLogs logs = LoudLogs.capture()) {
      for (int i = 0; i < 5; i++) {
        try (Socket socket = new Socket("127.0.0.1", delivery.uri("/").getPort())) {
          socket.setSoLinger(true, 0);
          String get = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
          socket.getOutputStream().write(get.getBytes(StandardCharsets.US_ASCII));
          byte[] start = socket.getInputStream().readNBytes(64 * 1024);
          assertEquals("HTTP/1.1 200", new String(start, 0, 12, StandardCharsets.US_ASCII));
        }
      }
      Thread.sleep(1000);
      assertEquals(200, send(request(delivery.uri(path)).build()).statusCode());
      assertEquals(List.of(), logs.loud());
    }
  }

  @Test
  @DisplayName("a restarted delivery serves what its disk cache held, with one HEAD to S3 and "
      + "no GET")
  void restart() throws IOException {
    Path dir = Files.createTempDirectory(TestPlatform.get().dataDir(), "edge-cache-restart-");
    String id = AssetId.generate();
    String key = StorageLayout.renditionKey(id, "cmaf/720p/seg_00001.m4s");
    byte[] bytes = put(key, random(SEGMENT_BYTES, 3));
    String path = "/v1/media/" + id + "/cmaf/720p/seg_00001.m4s";
    try (RunningService<DeliveryVerticle> first = Services.delivery(cacheConfig(dir))) {
      assertArrayEquals(bytes, send(request(first.uri(path)).build()).body());
    }

    try (RunningService<DeliveryVerticle> again = Services.delivery(cacheConfig(dir))) {
      HttpResponse<byte[]> response = send(request(again.uri(path))
          .header("Range", "bytes=1000-1999").build());
      assertEquals(206, response.statusCode());
      assertArrayEquals(Arrays.copyOfRange(bytes, 1000, 2000), response.body());
    }

    assertEquals(1, s3.count("GET", TestPlatform.BUCKET, key));
    assertEquals(1, s3.count("HEAD", TestPlatform.BUCKET, key));
  }

  @Test
  @DisplayName("an S3 that does not answer a GET in time: the viewer gets 504 ORIGIN_TIMEOUT as "
      + "JSON after the origin timeout, not a hang, and the next viewer gets the object")
  void originTimeout() {
    Segment segment = newSegment(SEGMENT_BYTES, 4);
    long started = System.nanoTime();
    HttpResponse<byte[]> late = whileS3Holds(s3::delayGets,
        request(delivery.uri(segment.path())).build());

    assertAfterTheTimeout(started);
    assertEquals(504, late.statusCode(), new String(late.body(), StandardCharsets.UTF_8));
    assertEquals("ORIGIN_TIMEOUT", json(late).getString("code"));
    assertArrayEquals(segment.bytes(), send(request(delivery.uri(segment.path())).build())
        .body());
  }

  @Test
  @DisplayName("an S3 that does not answer a HEAD in time: a viewer's HEAD of an object not "
      + "cached yet gets 504 ORIGIN_TIMEOUT after the origin timeout, not a hang")
  void originTimeoutOnHead() {
    Segment segment = newSegment(SEGMENT_BYTES, 8);
    long started = System.nanoTime();
    HttpResponse<byte[]> late = whileS3Holds(s3::delayHeads, request(delivery.uri(
        segment.path())).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

    assertAfterTheTimeout(started);
    assertEquals(504, late.statusCode());
    assertEquals(200, send(request(delivery.uri(segment.path()))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode());
  }

  @Test
  @DisplayName("an S3 that stops sending part-way through a body: the viewer's connection is cut "
      + "after the origin timeout (its length was promised), nothing is cached, and the next "
      + "viewer gets every byte from a new GET")
  void originStallsMidBody() {
    Segment segment = newSegment(SEGMENT_BYTES, 5);
    s3.stallBodiesAfter(1024 * 1024);
    long started = System.nanoTime();
    try {
      HttpResponse<byte[]> cut = send(request(delivery.uri(segment.path())).build());
      throw new AssertionError("a whole answer to a stalled fill: " + cut.statusCode() + ", "
          + cut.body().length + " bytes");
    } catch (IllegalStateException expected) {
      // The connection closed before Content-Length bytes came.
      assertTrue(expected.getCause() instanceof IOException, expected.toString());
    } finally {
      s3.stallBodiesAfter(-1);
    }
    assertAfterTheTimeout(started);

    assertArrayEquals(segment.bytes(), send(request(delivery.uri(segment.path())).build())
        .body());
    assertEquals(2, s3.count("GET", TestPlatform.BUCKET, segment.key()));
  }

  @Test
  @DisplayName("a HEAD and a presigned redirect of an object not cached yet ask S3 for its head, "
      + "not its bytes")
  void headAndRedirectFetchNothing() {
    Segment segment = newSegment(SEGMENT_BYTES, 7);
    HttpResponse<byte[]> head = send(request(delivery.uri(segment.path()))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    HttpResponse<byte[]> redirect = send(HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER).build(),
        request(delivery.uri(segment.path() + "?redirect=presigned")).build());

    assertEquals(200, head.statusCode());
    assertEquals(String.valueOf(SEGMENT_BYTES),
        head.headers().firstValue("Content-Length").orElse(null));
    assertEquals(302, redirect.statusCode());
    assertEquals(0, s3.count("GET", TestPlatform.BUCKET, segment.key()));
    assertTrue(s3.count("HEAD", TestPlatform.BUCKET, segment.key()) >= 1);
  }

  @Test
  @DisplayName("an object too large to cache costs one S3 GET for its first whole request, whose "
      + "body that request reads; a range of it is a GET of its own")
  void tooLargeOneGet() {
    Segment segment = newSegment(10 * 1024 * 1024, 8);

    HttpResponse<byte[]> whole = send(request(delivery.uri(segment.path())).build());
    HttpResponse<byte[]> range = send(request(delivery.uri(segment.path()))
        .header("Range", "bytes=100-199").build());

    assertEquals(200, whole.statusCode());
    assertArrayEquals(segment.bytes(), whole.body());
    assertEquals(206, range.statusCode());
    assertArrayEquals(Arrays.copyOfRange(segment.bytes(), 100, 200), range.body());
    assertEquals(2, s3.count("GET", TestPlatform.BUCKET, segment.key()));
  }

  @Test
  @DisplayName("X-Cache says, as CloudFront's does, whether the cache had the object: a GET, a "
      + "range, a 304 and a HEAD alike, and a playlist as a segment")
  void xCache() {
    Segment segment = newSegment(1024 * 1024, 9);
    HttpRequest head = request(delivery.uri(segment.path()))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();

    assertEquals("Miss from reel", xCache(send(head)), "HEAD before any GET");
    HttpResponse<byte[]> first = send(request(delivery.uri(segment.path())).build());
    assertEquals(200, first.statusCode());
    assertEquals("Miss from reel", xCache(first), "the GET that fetched it");
    assertEquals("Hit from reel", xCache(send(request(delivery.uri(segment.path())).build())));
    HttpResponse<byte[]> range = send(request(delivery.uri(segment.path()))
        .header("Range", "bytes=10-19").build());
    assertEquals(206, range.statusCode());
    assertEquals("Hit from reel", xCache(range));
    HttpResponse<byte[]> notModified = send(request(delivery.uri(segment.path()))
        .header("If-None-Match", first.headers().firstValue("ETag").orElseThrow()).build());
    assertEquals(304, notModified.statusCode());
    assertEquals("Hit from reel", xCache(notModified));
    assertEquals("Hit from reel", xCache(send(head)), "HEAD once cached");

    String playlist = "/v1/media/" + segment.id() + "/cmaf/720p/index.m3u8";
    put(StorageLayout.renditionKey(segment.id(), "cmaf/720p/index.m3u8"),
        "#EXTM3U\n#EXT-X-ENDLIST\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("Miss from reel", xCache(send(request(delivery.uri(playlist)).build())));
    assertEquals("Hit from reel", xCache(send(request(delivery.uri(playlist)).build())));
  }

  // ---------------------------------------------------------------------------------------------

  /** Sends {@code request} while S3 holds requests back (by {@code hold}) well past the timeout. */
  private static HttpResponse<byte[]> whileS3Holds(Consumer<Duration> hold, HttpRequest request) {
    hold.accept(Duration.ofSeconds(ORIGIN_TIMEOUT_SECONDS * 4L));
    try {
      return send(request);
    } finally {
      hold.accept(Duration.ZERO);
    }
  }

  /** Delivery answered (or cut) after its origin timeout, and not much later. */
  private static void assertAfterTheTimeout(long startedNanos) {
    Duration waited = Duration.ofNanos(System.nanoTime() - startedNanos);
    assertTrue(waited.compareTo(Duration.ofSeconds(ORIGIN_TIMEOUT_SECONDS)) >= 0
        && waited.compareTo(Duration.ofSeconds(ORIGIN_TIMEOUT_SECONDS * 3L)) < 0,
        "after " + waited);
  }

  private static String xCache(HttpResponse<?> response) {
    return response.headers().firstValue("X-Cache").orElse(null);
  }

  /** A segment of a new asset, in S3, and the path delivery serves it under. */
  private record Segment(String id, String key, String path, byte[] bytes) {
  }

  private static Segment newSegment(int size, long seed) {
    String id = AssetId.generate();
    String key = StorageLayout.renditionKey(id, "cmaf/720p/seg_00001.m4s");
    return new Segment(id, key, "/v1/media/" + id + "/cmaf/720p/seg_00001.m4s",
        put(key, random(size, seed)));
  }

  private static byte[] put(String key, byte[] bytes) {
    TestPlatform.get().s3Client().putObject(b -> b.bucket(TestPlatform.BUCKET).key(key)
        .contentLength((long) bytes.length), AsyncRequestBody.fromBytes(bytes)).join();
    return bytes;
  }

  private static String body(String path) {
    return new String(send(request(delivery.uri(path)).build()).body(), StandardCharsets.UTF_8);
  }

  private static TranscodeCompleted completed(String id) {
    String folder = StorageLayout.renditionsPrefix(id);
    return new TranscodeCompleted(id, "job-1", "ffmpeg", folder + StorageLayout.HLS_MASTER,
        folder + StorageLayout.DASH_MANIFEST, null, null, folder + "job.json",
        List.of(new Rendition("360p", Rendition.VIDEO, 640, 360, 25, 900_000, 800_000,
            "avc1.64001e", folder + "cmaf/360p/index.m3u8")),
        10, 1_000, 5_000, 2.0, Instant.now());
  }

  /** Bytes of the cache's object files, complete and under way. */
  private static long objectBytes(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".entry") || f.toString().endsWith(".part"))
          .mapToLong(f -> {
            try {
              return Files.size(f);
            } catch (IOException gone) {
              return 0;
            }
          }).sum();
    } catch (IOException | UncheckedIOException raced) {
      // A folder changed while it was walked: the next sample counts it.
      return 0;
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
