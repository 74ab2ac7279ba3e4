package dev.reel.platform.it;

import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.holdsFor;
import static dev.reel.platform.it.TranscodeEvents.failed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Rendition;
import dev.reel.common.event.Topic;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.event.TranscodeProgress;
import dev.reel.common.event.UploadMode;
import dev.reel.common.kafka.EventPublisher;
import dev.reel.common.s3.S3Settings;
import dev.reel.platform.it.MediaConvertStandIn.Call;
import dev.reel.transcode.config.MediaConvertSettings;
import dev.reel.transcode.config.TranscodeConfig;
import dev.reel.transcode.http.TranscodeVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;

/**
 * The transcode service with {@code REEL_TRANSCODE_BACKEND=mediaconvert}, against real Kafka and
 * S3 and a local stand-in of MediaConvert's REST API (see {@link MediaConvertStandIn}): the
 * requests the AWS SDK sends are checked, job states and errors become the right events, and a
 * deletion cancels the job. Nothing here transcodes: what lands for a COMPLETE job are the
 * stand-in's placeholder objects, text where MediaConvert writes manifests and captures, so these
 * tests assert on requests, states and events, never on playable media.
 */
class MediaConvertTest {

  private static final String LADDER = "480p:1200,360p:700,240p:300";
  private static final String REGION = "eu-west-1";
  private static final String ROLE = "arn:aws:iam::111122223333:role/ReelMediaConvert";
  private static final String QUEUE = "arn:aws:mediaconvert:eu-west-1:111122223333:queues/Reel";
  private static MediaConvertStandIn standIn;
  private static RunningService<TranscodeVerticle> transcode;
  private static Vertx vertx;
  private static EventPublisher publisher;

  @BeforeAll
  static void start() {
    JsonObject platform = TestPlatform.get().config();
    standIn = MediaConvertStandIn.start(platform.getString(S3Settings.ACCESS_KEY),
        platform.getString(S3Settings.SECRET_KEY), REGION, ROLE, Optional.of(QUEUE),
        TestPlatform.get().s3Client());
    String group = "mediaconvert-it-" + UUID.randomUUID();
    TestTopics.groupStartsAtEnd(group, Topic.MEDIA_UPLOADED);
    transcode = Services.transcode(new JsonObject()
        .put(TranscodeConfig.BACKEND, "mediaconvert")
        .put(TranscodeConfig.CONSUMER_GROUP, group)
        .put(TranscodeConfig.LADDER, LADDER)
        .put(TranscodeConfig.CONCURRENCY, "2")
        .put(TranscodeConfig.MAX_ATTEMPTS, "2")
        .put(TranscodeConfig.RETRY_BACKOFF_MS, "200")
        .put(MediaConvertSettings.ENDPOINT, standIn.endpoint().toString())
        .put(MediaConvertSettings.REGION, REGION)
        .put(MediaConvertSettings.ROLE_ARN, ROLE)
        .put(MediaConvertSettings.QUEUE_ARN, QUEUE)
        .put(MediaConvertSettings.POLL_INTERVAL_MS, "100"));
    vertx = Vertx.vertx();
    publisher = EventPublisher.create(vertx, TestPlatform.get().kafka(), "/reel/test").await();
  }

  @AfterAll
  static void stop() {
    if (transcode != null) {
      transcode.close();
    }
    if (publisher != null) {
      publisher.close().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (standIn != null) {
      standIn.close();
    }
  }

  @Test
  @DisplayName("a job runs to COMPLETE: the SDK's requests pass the stand-in's checks, progress "
      + "follows the polls, the completion names MediaConvert's keys and sizes")
  void completes() {
    String assetId = AssetId.generate();
    // Each state holds for many polls: progress is sent at most once a second per rendition.
    List<String> states = new ArrayList<>(List.of("SUBMITTED"));
    states.addAll(Collections.nCopies(15, "PROGRESSING 20"));
    states.addAll(Collections.nCopies(15, "PROGRESSING 70"));
    states.add("COMPLETE");
    String source = scriptAndUpload(assetId, JobScript.video(854, 480, 30, 1, true, 6.0)
        .then(states.toArray(String[]::new)));
    TranscodeCompleted done = completed(assetId);

    String prefix = StorageLayout.renditionsPrefix(assetId);
    assertEquals("mediaconvert", done.backend());
    assertEquals(prefix + "master.m3u8", done.hlsMasterKey());
    assertEquals(prefix + "master.mpd", done.dashManifestKey());
    assertEquals(prefix + "thumbs/poster.0000001.jpg", done.posterKey());
    assertNull(done.storyboardKey());
    assertEquals(6.0, done.durationSeconds());
    assertEquals(List.of("240p=428x240", "360p=640x360", "480p=854x480", "audio=0x0"),
        done.renditions().stream().map(r -> r.name() + "=" + r.width() + "x" + r.height())
            .sorted().toList());
    Rendition top = done.renditions().stream().filter(r -> r.name().equals("480p"))
        .findFirst().orElseThrow();
    assertEquals(1_200_000, top.bandwidth());
    assertEquals("avc1.64001f", top.codecs());
    assertEquals(prefix + "master_480p.m3u8", top.playlistKey());

    List<Double> percents = progress(assetId).stream().map(TranscodeProgress::overallPercent)
        .distinct().sorted().toList();
    assertTrue(percents.containsAll(List.of(20.0, 70.0, 100.0)), percents.toString());
    assertTrue(progress(assetId).stream().anyMatch(TranscodeProgress::playable));

    // job.json lists what is in the bucket: only the stand-in's placeholders, no media.
    Set<String> listed = new JsonObject(text(prefix + "job.json")).getJsonArray("outputs")
        .stream().map(o -> JsonObject.mapFrom(o).getString("key")).collect(Collectors.toSet());
    assertEquals(TestBucket.keys(prefix).stream().filter(k -> !k.endsWith("job.json"))
        .collect(Collectors.toSet()), listed);
    assertEquals(MediaConvertStandIn.PLACEHOLDER, text(done.hlsMasterKey()));

    assertEquals(List.of(), standIn.problems(source));
    assertEquals(1, standIn.calls(source, "POST", "/probe").size());
    assertEquals(1, standIn.calls(source, "POST", "/jobs").size());
    assertTrue(standIn.calls(source, "GET", "/jobs/").size() >= 4);
  }

  @Test
  @DisplayName("the CreateJob body is the ladder: one CMAF group for HLS and DASH, QVBR capped "
      + "per rung, AAC, a frame capture; role, queue and the asset's own paths")
  void createJobBody() {
    String assetId = AssetId.generate();
    String source = scriptAndUpload(assetId, JobScript.video(640, 360, 25, 1, true, 3.0));
    completed(assetId);
    JsonObject body = standIn.calls(source, "POST", "/jobs").get(0).body();

    assertEquals(ROLE, body.getString("role"));
    assertEquals(QUEUE, body.getString("queue"));
    assertEquals(assetId, body.getJsonObject("userMetadata").getString("reel-asset-id"));
    JsonObject settings = body.getJsonObject("settings");
    assertEquals(source, settings.getJsonArray("inputs").getJsonObject(0).getString("fileInput"));
    JsonObject cmaf = settings.getJsonArray("outputGroups").getJsonObject(0);
    JsonObject group = cmaf.getJsonObject("outputGroupSettings");
    assertEquals("CMAF_GROUP_SETTINGS", group.getString("type"));
    assertEquals("s3://" + TestPlatform.BUCKET + "/renditions/" + assetId + "/master",
        group.getJsonObject("cmafGroupSettings").getString("destination"));
    assertEquals(4, group.getJsonObject("cmafGroupSettings").getInteger("segmentLength"));
    JsonArray outputs = cmaf.getJsonArray("outputs");
    assertEquals(List.of(300_000, 700_000), outputs.stream().map(JsonObject.class::cast)
        .filter(o -> o.containsKey("videoDescription"))
        .map(o -> o.getJsonObject("videoDescription").getJsonObject("codecSettings")
            .getJsonObject("h264Settings").getInteger("maxBitrate")).toList());
    JsonObject aac = outputs.getJsonObject(2).getJsonArray("audioDescriptions").getJsonObject(0)
        .getJsonObject("codecSettings").getJsonObject("aacSettings");
    assertEquals(128_000, aac.getInteger("bitrate"));
    JsonObject poster = settings.getJsonArray("outputGroups").getJsonObject(1);
    assertEquals("FRAME_CAPTURE", poster.getJsonArray("outputs").getJsonObject(0)
        .getJsonObject("videoDescription").getJsonObject("codecSettings").getString("codec"));
    assertEquals(List.of(), standIn.problems(source));
  }

  @Test
  @DisplayName("a job that ends in ERROR 1040 fails once with CORRUPT_INPUT, not retried")
  void inputError() {
    String assetId = AssetId.generate();
    String source = scriptAndUpload(assetId, JobScript.video(640, 360, 25, 1, true, 3.0)
        .then("PROGRESSING 10", "ERROR 1040 Demuxer: [ReadPacketData File read failed]"));
    TranscodeFailed failed = failed(assetId);
    assertEquals("CORRUPT_INPUT", failed.reasonCode());
    assertFalse(failed.retryable());
    assertEquals(1, failed.attempt());
    assertTrue(failed.message().contains("error 1040: Demuxer"), failed.message());
    holdsFor(Duration.ofSeconds(2), () -> assertEquals(1,
        standIn.calls(source, "POST", "/jobs").size()));
    assertTrue(TestTopics.events(Topic.TRANSCODE_COMPLETED, assetId).isEmpty());
    assertEquals(List.of(), standIn.problems(source));
  }

  @Test
  @DisplayName("MediaConvert's unknown error 1999 is retried, then reported retryable")
  void unknownErrorRetried() {
    String assetId = AssetId.generate();
    String source = scriptAndUpload(assetId, JobScript.video(640, 360, 25, 1, false, 3.0)
        .then("ERROR 1999 Unknown error"));
    TranscodeFailed failed = failed(assetId);
    assertEquals("BACKEND_ERROR", failed.reasonCode());
    assertTrue(failed.retryable());
    assertEquals(2, failed.attempt());
    assertEquals(2, standIn.calls(source, "POST", "/jobs").size());
  }

  @Test
  @DisplayName("throttled polls are polled again, and the job still completes")
  void throttledPolls() {
    String assetId = AssetId.generate();
    String source = scriptAndUpload(assetId, JobScript.video(640, 360, 25, 1, true, 3.0)
        .then("PROGRESSING 50", "THROTTLE", "THROTTLE", "THROTTLE", "THROTTLE", "THROTTLE",
            "COMPLETE"));
    assertEquals("mediaconvert", completed(assetId).backend());
    assertEquals(1, standIn.calls(source, "POST", "/jobs").size());
  }

  @Test
  @DisplayName("a file MediaConvert's Probe rejects is UNSUPPORTED_MEDIA; no job is created")
  void probeRejected() {
    String assetId = AssetId.generate();
    String source = scriptAndUpload(assetId, JobScript.video(640, 360, 25, 1, true, 3.0)
        .probeRejected("Unable to probe the input file: unsupported container"));
    TranscodeFailed failed = failed(assetId);
    assertEquals("UNSUPPORTED_MEDIA", failed.reasonCode());
    assertFalse(failed.retryable());
    assertTrue(standIn.calls(source, "POST", "/jobs").isEmpty());
  }

  @Test
  @DisplayName("COMPLETE without the manifests in the bucket is never announced as completed")
  void completeWithoutOutputs() {
    String assetId = AssetId.generate();
    scriptAndUpload(assetId, JobScript.video(640, 360, 25, 1, true, 3.0).withoutOutputs());
    TranscodeFailed failed = failed(assetId);
    assertEquals("BACKEND_ERROR", failed.reasonCode());
    assertTrue(failed.message().contains("master.m3u8 is not in the bucket"), failed.message());
    assertTrue(TestTopics.events(Topic.TRANSCODE_COMPLETED, assetId).isEmpty());
  }

  @Test
  @DisplayName("media.deleted during a job cancels it on MediaConvert (DELETE /jobs/{id}); "
      + "nothing is announced")
  void deletionCancels() {
    String assetId = AssetId.generate();
    String source = scriptAndUpload(assetId, JobScript.video(640, 360, 25, 1, true, 3.0)
        .then("PROGRESSING 30"));
    eventually(Duration.ofSeconds(30), "the job is running",
        () -> standIn.status(source).filter("PROGRESSING"::equals).isPresent());
    publisher.publish(Topic.MEDIA_DELETED, assetId, new MediaDeleted(assetId,
        TestPlatform.BUCKET, StorageLayout.originalKey(assetId), null, Instant.now())).await();
    eventually(Duration.ofSeconds(30), "the job cancelled",
        () -> standIn.status(source).filter("CANCELED"::equals).isPresent());
    List<Call> cancels = standIn.calls(source, "DELETE", "/jobs/");
    assertEquals(1, cancels.size());
    holdsFor(Duration.ofSeconds(2), () -> {
      assertTrue(TestTopics.events(Topic.TRANSCODE_COMPLETED, assetId).isEmpty());
      assertTrue(TestTopics.events(Topic.TRANSCODE_FAILED, assetId).isEmpty());
    });
    assertEquals(List.of(), standIn.problems(source));
  }

  // --- helpers ---

  /** Puts bytes at the asset's original key, scripts MediaConvert, publishes media.uploaded. */
  private static String scriptAndUpload(String assetId, JobScript script) {
    String key = StorageLayout.originalKey(assetId);
    String source = "s3://" + TestPlatform.BUCKET + "/" + key;
    standIn.script(source, script);
    byte[] bytes = TestMedia.mp4(64 * 1024, assetId.hashCode());
    TestPlatform.get().s3Client().putObject(b -> b.bucket(TestPlatform.BUCKET).key(key)
        .contentType("video/mp4"), AsyncRequestBody.fromBytes(bytes)).join();
    publisher.publish(Topic.MEDIA_UPLOADED, assetId, new MediaUploaded(assetId,
        TestPlatform.BUCKET, key, bytes.length, "0".repeat(64), "video/mp4", "clip.mp4",
        Map.of(), "STANDARD", null, UploadMode.SINGLE, Instant.now())).await();
    return source;
  }

  private static TranscodeCompleted completed(String assetId) {
    return TranscodeEvents.completed(assetId, Duration.ofSeconds(60));
  }

  private static List<TranscodeProgress> progress(String assetId) {
    return TestTopics.events(Topic.TRANSCODE_PROGRESS, assetId).values().stream()
        .map(e -> EventCodec.decode(e, TranscodeProgress.class).data()).toList();
  }

  private static String text(String key) {
    return TestPlatform.get().s3Client().getObject(b -> b.bucket(TestPlatform.BUCKET).key(key),
        AsyncResponseTransformer.toBytes()).join().asUtf8String();
  }
}
