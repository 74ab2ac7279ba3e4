package dev.reel.platform.it;

import static dev.reel.platform.it.Http.authorized;
import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.holdsFor;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.send;
import static dev.reel.platform.it.TranscodeEvents.failed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Rendition;
import dev.reel.common.event.Topic;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.event.TranscodeProgress;
import dev.reel.common.event.UploadMode;
import dev.reel.common.kafka.EventPublisher;
import dev.reel.ingest.http.IngestVerticle;
import dev.reel.transcode.config.TranscodeConfig;
import dev.reel.transcode.http.TranscodeVerticle;
import io.cloudevents.CloudEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;

/**
 * The transcode service against real Kafka, S3 and ffmpeg, fed through ingest as a user would:
 * generated clips of several shapes get the right ladder, and their outputs are read back by
 * ffmpeg as a player (master playlist and MPD end to end); bad inputs get the right failure,
 * once; replays and deletions behave.
 */
class TranscodeTest {

  private static final String LADDER = "480p:1200,360p:700,240p:300";
  private static RunningService<IngestVerticle> ingest;
  private static RunningService<TranscodeVerticle> transcode;
  private static RunningService<dev.reel.delivery.http.DeliveryVerticle> delivery;
  private static Vertx vertx;
  private static EventPublisher publisher;

  @BeforeAll
  static void start() {
    String group = "transcode-it-" + UUID.randomUUID();
    TestTopics.groupStartsAtEnd(group, Topic.MEDIA_UPLOADED);
    TestTopics.groupStartsAtEnd(group + "-deletions", Topic.MEDIA_DELETED);
    ingest = Services.ingest(new JsonObject());
    transcode = Services.transcode(new JsonObject()
        .put(TranscodeConfig.CONSUMER_GROUP, group)
        .put(TranscodeConfig.LADDER, LADDER)
        .put(TranscodeConfig.PRESET, "ultrafast")
        .put(TranscodeConfig.MAX_ATTEMPTS, "2")
        .put(TranscodeConfig.RETRY_BACKOFF_MS, "200")
        .put(TranscodeConfig.WORK_DIR,
            TestPlatform.get().dataDir().resolve("transcode-work").toString()));
    delivery = Services.delivery(new JsonObject());
    vertx = Vertx.vertx();
    publisher = EventPublisher.create(vertx, TestPlatform.get().kafka(), "/reel/test").await();
  }

  @AfterAll
  static void stop() {
    for (RunningService<?> service : new RunningService<?>[] {ingest, transcode, delivery}) {
      if (service != null) {
        service.close();
      }
    }
    if (publisher != null) {
      publisher.close().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("a 16:9 clip with audio gets every rung up to its size, one audio track, poster "
      + "and storyboard; HLS and DASH play end to end")
  void landscapeLadder() throws Exception {
    Path source = GeneratedMedia.video(854, 480, 6, 30, true);
    String assetId = upload(source, "video/mp4");
    TranscodeCompleted done = completed(assetId);

    assertEquals("ffmpeg", done.backend());
    assertEquals(List.of("240p", "360p", "480p", "audio"), names(done));
    Rendition top = rendition(done, "480p");
    assertEquals(854, top.width());
    assertEquals(480, top.height());
    assertEquals(30.0, top.frameRate(), 0.01);
    assertEquals(426, rendition(done, "240p").width(), 2);
    for (Rendition r : done.renditions()) {
      assertTrue(r.bandwidth() >= r.averageBandwidth() && r.averageBandwidth() > 0, r.name());
      // x264 signals the lowest profile its settings need (baseline for ultrafast).
      String expected = r.type().equals(Rendition.VIDEO) ? "avc1\\.(42|4d|64)[0-9a-f]{4}"
          : "mp4a\\.40\\.2";
      assertTrue(r.codecs().matches(expected), r.codecs());
    }
    assertEquals(6.0, done.durationSeconds(), 0.5);
    assertTrue(done.timeToFirstPlayableMs() > 0
        && done.timeToFirstPlayableMs() < done.elapsedMs(), done.toString());
    assertTrue(done.encodeSpeed() > 0);

    String prefix = StorageLayout.renditionsPrefix(assetId);
    Set<String> keys = TestBucket.keys(prefix);
    assertTrue(keys.contains(prefix + "thumbs/poster.jpg"), keys.toString());
    assertEquals(prefix + "thumbs/poster.jpg", done.posterKey());
    assertEquals(prefix + "thumbs/storyboard.vtt", done.storyboardKey());
    assertTrue(keys.contains(prefix + "thumbs/storyboard.jpg"));
    assertTrue(keys.contains(prefix + "job.json"));

    String master = text(prefix + "master.m3u8");
    assertEquals(3, count(master, "#EXT-X-STREAM-INF:"), master);
    assertTrue(master.contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\""), master);
    assertTrue(master.contains("RESOLUTION=854x480"), master);
    assertTrue(master.contains(",mp4a.40.2\""), master);
    for (Rendition r : done.renditions()) {
      String playlist = text(r.playlistKey());
      assertTrue(playlist.contains("#EXT-X-PLAYLIST-TYPE:VOD"), playlist);
      assertTrue(playlist.contains("#EXT-X-ENDLIST"), playlist);
      assertFalse(playlist.contains("PROGRAM-DATE-TIME"), playlist);
      assertTrue(playlist.contains("#EXT-X-MAP:URI=\"init.mp4\""), playlist);
    }
    String vtt = text(done.storyboardKey());
    assertTrue(vtt.startsWith("WEBVTT"), vtt);
    assertTrue(vtt.contains("storyboard.jpg#xywh=0,0,160,90"), vtt);

    // The job manifest names every object the job wrote, with its size.
    JsonObject manifest = new JsonObject(text(prefix + "job.json"));
    Set<String> listed = manifest.getJsonArray("outputs").stream()
        .map(o -> ((JsonObject) JsonObject.mapFrom(o)).getString("key"))
        .collect(Collectors.toSet());
    Set<String> written = keys.stream().filter(k -> !k.endsWith("job.json"))
        .collect(Collectors.toSet());
    assertEquals(written, listed);

    // Playable early: a progress event said so before the job completed.
    List<TranscodeProgress> progress = progress(assetId);
    assertTrue(progress.stream().anyMatch(TranscodeProgress::playable), progress.toString());
    assertTrue(progress.stream().anyMatch(p -> p.rendition().equals("480p")
        && p.percent() == 100.0), progress.toString());

    Path local = download(prefix);
    assertEquals(6.0, playedSeconds(local.resolve("master.m3u8")), 0.5);
    assertEquals(6.0, playedSeconds(local.resolve("manifest.mpd")), 0.5);

    // Watchable right away: delivery knows the asset is ready and where to play it, and a
    // player reads both manifests over HTTP from there, end to end.
    JsonObject status = eventuallyReady(assetId);
    JsonObject urls = status.getJsonObject("urls");
    assertEquals(6.0, playedSeconds(urls.getString("hls")), 0.5);
    assertEquals(6.0, playedSeconds(urls.getString("dash")), 0.5);
    assertEquals(4, status.getJsonArray("renditions").size(), status.encodePrettily());
  }

  private static JsonObject eventuallyReady(String assetId) {
    JsonObject[] status = new JsonObject[1];
    eventually(Duration.ofSeconds(30), "delivery reports " + assetId + " ready", () -> {
      HttpResponse<byte[]> response = send(authorized(delivery.uri("/v1/assets/" + assetId))
          .GET().build());
      if (response.statusCode() != 200) {
        return false;
      }
      status[0] = json(response);
      return "ready".equals(status[0].getString("state"));
    });
    return status[0];
  }

  @Test
  @DisplayName("a portrait clip keeps its shape and is never upscaled")
  void portraitLadder() throws Exception {
    String assetId = upload(GeneratedMedia.video(360, 640, 3, 25, true), "video/mp4");
    TranscodeCompleted done = completed(assetId);
    assertEquals(List.of("240p", "360p", "audio"), names(done));
    assertEquals(360, rendition(done, "360p").width());
    assertEquals(640, rendition(done, "360p").height());
    assertEquals(240, rendition(done, "240p").width());
    assertEquals(426, rendition(done, "240p").height(), 2);
    assertEquals(3.0, playedSeconds(download(StorageLayout.renditionsPrefix(assetId))
        .resolve("master.m3u8")), 0.5);
  }

  @Test
  @DisplayName("a clip stored sideways with a rotation matrix is laid out as displayed")
  void rotatedSource() {
    String assetId = upload(GeneratedMedia.rotated(640, 360, 2), "video/mp4");
    TranscodeCompleted done = completed(assetId);
    Rendition top = rendition(done, "360p");
    assertEquals(360, top.width());
    assertEquals(640, top.height());
    assertEquals(List.of("240p", "360p"), names(done), "no audio in the source, none out");
  }

  @Test
  @DisplayName("a source below the lowest rung gets one rung at its own size")
  void tinySource() {
    String assetId = upload(GeneratedMedia.video(200, 112, 2, 25, false), "video/mp4");
    TranscodeCompleted done = completed(assetId);
    assertEquals(1, done.renditions().size());
    assertEquals(200, done.renditions().get(0).width());
    assertEquals(112, done.renditions().get(0).height());
  }

  @Test
  @DisplayName("an audio-only file gets an audio-only ladder that plays, and no poster")
  void audioOnly() throws Exception {
    String assetId = upload(GeneratedMedia.audioOnly(5), "audio/mpeg");
    TranscodeCompleted done = completed(assetId);
    assertEquals(List.of("audio"), names(done));
    assertNull(done.posterKey());
    assertNull(done.storyboardKey());
    String master = text(done.hlsMasterKey());
    assertEquals(1, count(master, "#EXT-X-STREAM-INF:"), master);
    assertTrue(master.contains("CODECS=\"mp4a.40.2\""), master);
    Path local = download(StorageLayout.renditionsPrefix(assetId));
    assertEquals(5.0, playedSeconds(local.resolve("master.m3u8")), 0.5);
    assertEquals(5.0, playedSeconds(local.resolve("manifest.mpd")), 0.5);
  }

  @Test
  @DisplayName("a truncated MP4 fails once with CORRUPT_INPUT, not retried, nothing left")
  void corruptInput() throws Exception {
    String assetId = upload(GeneratedMedia.truncatedMp4(), "video/mp4");
    TranscodeFailed failed = failed(assetId);
    assertEquals("CORRUPT_INPUT", failed.reasonCode());
    assertFalse(failed.retryable());
    assertEquals(1, failed.attempt());
    holdsFor(Duration.ofSeconds(2), () -> assertEquals(1,
        TestTopics.events(Topic.TRANSCODE_FAILED, assetId).size()));
    assertEquals(Set.of(), TestBucket.keys(StorageLayout.renditionsPrefix(assetId)));
    assertEquals(0, TestTopics.events(Topic.TRANSCODE_COMPLETED, assetId).size());
  }

  @Test
  @DisplayName("a text file named .mp4 that reached the bucket anyway fails as "
      + "UNSUPPORTED_MEDIA, once")
  void textRenamedMp4() {
    // Ingest refuses this by sniffing, so it arrives as another producer could send it.
    String assetId = AssetId.generate();
    byte[] text = TestMedia.text(4096);
    String key = StorageLayout.originalKey(assetId);
    TestPlatform.get().s3Client().putObject(b -> b.bucket(TestPlatform.BUCKET).key(key)
        .contentType("video/mp4"), AsyncRequestBody.fromBytes(text)).join();
    publisher.publish(Topic.MEDIA_UPLOADED, assetId, new MediaUploaded(assetId,
        TestPlatform.BUCKET, key, text.length, "0".repeat(64), "video/mp4", "notes.mp4",
        Map.of(), "STANDARD", null, UploadMode.SINGLE, Instant.now())).await();
    TranscodeFailed failed = failed(assetId);
    assertEquals("UNSUPPORTED_MEDIA", failed.reasonCode());
    assertFalse(failed.retryable());
    assertTrue(failed.message().contains("not a media format"), failed.message());
    holdsFor(Duration.ofSeconds(2), () -> assertEquals(1,
        TestTopics.events(Topic.TRANSCODE_FAILED, assetId).size()));
  }

  @Test
  @DisplayName("a replayed media.uploaded re-sends the same completion (same ce_id) without "
      + "encoding again; media.deleted removes every rendition")
  void replayThenDelete() {
    String assetId = upload(GeneratedMedia.video(320, 240, 2, 25, true), "video/mp4");
    TranscodeCompleted first = completed(assetId);
    CloudEvent uploaded = TestTopics.events(Topic.MEDIA_UPLOADED, assetId).values().iterator()
        .next();
    publisher.send(Topic.MEDIA_UPLOADED, uploaded).await();
    holdsFor(Duration.ofSeconds(3), () -> {
      Map<String, CloudEvent> completions = TestTopics.events(Topic.TRANSCODE_COMPLETED,
          assetId);
      assertEquals(1, completions.size(), "distinct completion ids");
    });
    assertEquals(first.jobId(), completed(assetId).jobId());

    HttpResponse<byte[]> deleted = send(authorized(ingest.uri("/v1/assets/" + assetId))
        .DELETE().build());
    assertEquals(204, deleted.statusCode(), new String(deleted.body()));
    eventually(Duration.ofSeconds(30), "renditions removed",
        () -> TestBucket.keys(StorageLayout.renditionsPrefix(assetId)).isEmpty());
  }

  @Test
  @DisplayName("storage that stays down: bounded retries, then transcode.failed (retryable) "
      + "and the upload record in the dead-letter topic")
  void storageDownIsRetriedThenDeadLettered() {
    String group = "transcode-s3-down-" + UUID.randomUUID();
    TestTopics.groupStartsAtEnd(group, Topic.MEDIA_UPLOADED);
    TestTopics.groupStartsAtEnd(group + "-deletions", Topic.MEDIA_DELETED);
    RefusedPort deadPort = RefusedPort.open();
    RunningService<TranscodeVerticle> broken = Services.transcode(new JsonObject()
        .put(TranscodeConfig.CONSUMER_GROUP, group)
        .put("REEL_S3_ENDPOINT", "http://" + deadPort.address())
        .put(TranscodeConfig.MAX_ATTEMPTS, "3")
        .put(TranscodeConfig.RETRY_BACKOFF_MS, "100")
        .put(TranscodeConfig.WORK_DIR,
            TestPlatform.get().dataDir().resolve("transcode-work-broken").toString()));
    try {
      String assetId = AssetId.generate();
      publisher.publish(Topic.MEDIA_UPLOADED, assetId, new MediaUploaded(assetId,
          TestPlatform.BUCKET, StorageLayout.originalKey(assetId), 1000, "0".repeat(64),
          "video/mp4", null, Map.of(), "STANDARD", null, UploadMode.SINGLE, Instant.now()))
          .await();
      // The class's healthy worker sees this event too, and reports the original missing.
      // An S3 client whose connections are refused can also wait out its pool's 30 s acquire
      // timeout per attempt: the budget covers three such attempts.
      eventually(Duration.ofSeconds(180), "the broken worker gives up", () -> failures(assetId)
          .stream().anyMatch(f -> f.reasonCode().equals("STORAGE_UNAVAILABLE")));
      TranscodeFailed failed = failures(assetId).stream()
          .filter(f -> f.reasonCode().equals("STORAGE_UNAVAILABLE")).findFirst().orElseThrow();
      assertTrue(failed.retryable());
      assertEquals(3, failed.attempt());
      eventually(Duration.ofSeconds(30), "the upload record is dead-lettered",
          () -> TestTopics.deadLetters(Topic.MEDIA_UPLOADED).contains(assetId));
    } finally {
      broken.close();
      deadPort.close();
    }
  }

  // --- helpers ---

  private static String upload(Path file, String contentType) {
    try {
      return upload(Files.readAllBytes(file), contentType);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String upload(byte[] bytes, String contentType) {
    HttpResponse<byte[]> created = send(authorized(ingest.uri("/v1/uploads"))
        .header("Content-Type", contentType)
        .POST(BodyPublishers.ofByteArray(bytes)).build());
    assertEquals(201, created.statusCode(), new String(created.body()));
    return json(created).getString("assetId");
  }

  private static TranscodeCompleted completed(String assetId) {
    return TranscodeEvents.completed(assetId, Duration.ofSeconds(120));
  }

  private static List<TranscodeFailed> failures(String assetId) {
    return TestTopics.events(Topic.TRANSCODE_FAILED, assetId).values().stream()
        .map(e -> EventCodec.decode(e, TranscodeFailed.class).data()).toList();
  }

  private static List<TranscodeProgress> progress(String assetId) {
    return TestTopics.events(Topic.TRANSCODE_PROGRESS, assetId).values().stream()
        .map(e -> EventCodec.decode(e, TranscodeProgress.class).data()).toList();
  }

  private static List<String> names(TranscodeCompleted done) {
    return done.renditions().stream().map(Rendition::name).sorted().toList();
  }

  private static Rendition rendition(TranscodeCompleted done, String name) {
    return done.renditions().stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + done.renditions()));
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static String text(String key) {
    return TestPlatform.get().s3Client().getObject(b -> b.bucket(TestPlatform.BUCKET).key(key),
        AsyncResponseTransformer.toBytes()).join().asUtf8String();
  }

  /** Copies an asset's renditions to local disk, as a CDN or an offline player would. */
  private static Path download(String prefix) throws IOException {
    Path dir = TestPlatform.get().dataDir().resolve("played").resolve(UUID.randomUUID()
        .toString());
    for (String key : TestBucket.keys(prefix)) {
      Path file = dir.resolve(key.substring(prefix.length()));
      Files.createDirectories(file.getParent());
      TestPlatform.get().s3Client().getObject(b -> b.bucket(TestPlatform.BUCKET).key(key),
          AsyncResponseTransformer.toFile(file)).join();
    }
    return dir;
  }

  /**
   * Decodes every stream of a master playlist or MPD with ffmpeg and returns how many seconds
   * of media it got through: a player's end-to-end read of the outputs.
   */
  static double playedSeconds(Path manifest) throws IOException, InterruptedException {
    return playedSeconds(manifest.toAbsolutePath().toString());
  }

  /** The same, for a manifest ffmpeg fetches itself: an HTTP URL, as a player would. */
  static double playedSeconds(String manifest) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(GeneratedMedia.ffmpeg().toString(),
        "-hide_banner", "-nostdin", "-loglevel", "error", "-progress", "pipe:1",
        "-i", manifest, "-map", "0", "-f", "null", "-"));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    long maxMicros = 0;
    Pattern outTime = Pattern.compile("^out_time_us=(\\d+)$");
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        Matcher m = outTime.matcher(line.trim());
        if (m.matches()) {
          maxMicros = Math.max(maxMicros, Long.parseLong(m.group(1)));
        }
      }
    }
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), () -> manifest + " did not play: " + errors);
    return maxMicros / 1e6;
  }
}
