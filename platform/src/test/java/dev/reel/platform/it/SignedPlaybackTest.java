package dev.reel.platform.it;

import static dev.reel.platform.it.Http.authorized;
import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Topic;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.delivery.config.DeliveryConfig;
import dev.reel.delivery.http.DeliveryVerticle;
import dev.reel.ingest.http.IngestVerticle;
import dev.reel.transcode.config.TranscodeConfig;
import dev.reel.transcode.http.TranscodeVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Signed playback end to end: a clip goes in through ingest, the transcode service makes its
 * ladder, and ffmpeg, as a player, plays it over HTTP from delivery given one signed URL: the
 * HLS master playlist URL delivery hands out in {@code GET /v1/assets/{id}}, and an MPD URL
 * signed by an application with the AWS SDK. Neither player sends cookies: every playlist,
 * init segment and media segment after the first URL is fetched with the signature delivery
 * put into the manifests. Then browsers: headless Chromium plays the same URLs with hls.js,
 * shaka-player and dash.js from a page on another origin, and the source in a bare video
 * element ({@link Browser}).
 */
class SignedPlaybackTest {

  private static final double SECONDS = 4;
  private static RunningService<IngestVerticle> ingest;
  private static RunningService<TranscodeVerticle> transcode;
  private static RunningService<DeliveryVerticle> delivery;
  private static String assetId;

  @BeforeAll
  static void transcodeAClip() throws Exception {
    String group = "signed-playback-it-" + UUID.randomUUID();
    TestTopics.groupStartsAtEnd(group, Topic.MEDIA_UPLOADED);
    TestTopics.groupStartsAtEnd(group + "-deletions", Topic.MEDIA_DELETED);
    ingest = Services.ingest(new JsonObject());
    transcode = Services.transcode(new JsonObject()
        .put(TranscodeConfig.CONSUMER_GROUP, group)
        .put(TranscodeConfig.LADDER, "360p:700,240p:300")
        .put(TranscodeConfig.PRESET, "ultrafast")
        .put(TranscodeConfig.WORK_DIR,
            TestPlatform.get().dataDir().resolve("transcode-work-signed").toString()));
    delivery = Services.delivery(new JsonObject());

    byte[] clip = Files.readAllBytes(GeneratedMedia.video(640, 360, SECONDS, 25, true));
    HttpResponse<byte[]> created = send(authorized(ingest.uri("/v1/uploads"))
        .header("Content-Type", "video/mp4").POST(BodyPublishers.ofByteArray(clip)).build());
    assertEquals(201, created.statusCode(), new String(created.body()));
    assetId = json(created).getString("assetId");
    eventually(Duration.ofSeconds(180), "transcode.completed for " + assetId,
        () -> !TestTopics.events(Topic.TRANSCODE_COMPLETED, assetId).isEmpty()
            || !TestTopics.events(Topic.TRANSCODE_FAILED, assetId).isEmpty());
    var failures = TestTopics.events(Topic.TRANSCODE_FAILED, assetId);
    assertTrue(failures.isEmpty(), () -> "failed: " + failures.values().stream()
        .map(e -> EventCodec.decode(e, TranscodeFailed.class).data()).toList());
  }

  @AfterAll
  static void stop() {
    for (RunningService<?> service : new RunningService<?>[] {ingest, transcode, delivery}) {
      if (service != null) {
        service.close();
      }
    }
  }

  @Test
  @DisplayName("the signed HLS URL from GET /v1/assets/{id} plays the whole clip with ffmpeg")
  void hlsFromAssetStatus() throws Exception {
    JsonObject urls = readyStatus().getJsonObject("urls");
    String hls = urls.getString("hls");
    assertTrue(hls.contains("?Expires=") && hls.contains("&Key-Pair-Id="), hls);

    assertEquals(SECONDS, TranscodeTest.playedSeconds(hls), 0.5);
  }

  @Test
  @DisplayName("an MPD URL signed with the AWS SDK plays the whole clip with ffmpeg")
  void dashSignedBySdk() throws Exception {
    URI mpd = Signing.url(delivery.uri("/v1/media/" + assetId + "/manifest.mpd"));

    assertEquals(SECONDS, TranscodeTest.playedSeconds(mpd.toString()), 0.5);
  }

  @Test
  @DisplayName("the same files without a signature are refused: playing needs the signed URL")
  void unsignedRefused() throws Exception {
    for (String file : new String[] {"master.m3u8", "manifest.mpd",
        "cmaf/240p/index.m3u8", "cmaf/240p/init.mp4"}) {
      HttpResponse<byte[]> response = send(request(delivery.uri("/v1/media/" + assetId + "/"
          + file)).build());
      assertEquals(403, response.statusCode(), file);
      assertEquals("MISSING_SIGNATURE", json(response).getString("code"), file);
    }
  }

  @Test
  @DisplayName("in Chromium, hls.js on a page of another origin plays the signed HLS URL from "
      + "GET /v1/assets/{id} to its end, both renditions offered")
  void hlsJsInBrowser() throws Exception {
    String hls = readyStatus().getJsonObject("urls").getString("hls");
    JsonObject report = playToEnd("hls.js", hls);

    assertPlayedToEnd(report);
    assertEquals(2, report.getInteger("tracks"), report.encode());
  }

  @Test
  @DisplayName("in Chromium, hls.js plays the signed HLS URL with ?redirect=presigned to its end, "
      + "every segment fetched from S3 after delivery's 302 (the embedded S3 answers CORS)")
  void presignedRedirectInBrowser() throws Exception {
    String hls = readyStatus().getJsonObject("urls").getString("hls") + "&redirect=presigned";
    JsonObject report = playToEnd("hls.js", hls);

    assertPlayedToEnd(report);
    JsonArray fragments = report.getJsonArray("fragments");
    assertFalse(fragments.isEmpty(), report.encode());
    String s3 = TestPlatform.get().s3().endpoint().orElseThrow().toString();
    for (Object fragment : fragments) {
      assertTrue(fragment.toString().startsWith(s3 + "/")
          && fragment.toString().contains("X-Amz-Signature="), report.encode());
    }
  }

  @Test
  @DisplayName("in Chromium, shaka-player and dash.js play an MPD URL signed with the AWS SDK to "
      + "its end")
  void dashPlayersInBrowser() throws Exception {
    String mpd = Signing.url(delivery.uri("/v1/media/" + assetId + "/manifest.mpd")).toString();
    for (String player : new String[] {"shaka", "dash.js"}) {
      JsonObject report = playToEnd(player, mpd);

      assertPlayedToEnd(report);
      assertEquals(2, report.getInteger("tracks"), report.encode());
    }
  }

  @Test
  @DisplayName("in Chromium, a bare video element plays the signed source URL to its end")
  void sourceInBrowser() throws Exception {
    String source = readyStatus().getJsonObject("urls").getString("source");
    JsonObject report = playToEnd("video", source);

    assertPlayedToEnd(report);
    assertEquals(640, report.getInteger("width"), report.encode());
  }

  @Test
  @DisplayName("in Chromium, hls.js given the master playlist without its signature stops with "
      + "the 403: the browser tests see a refusal")
  void unsignedRefusedInBrowser() throws Exception {
    String unsigned = delivery.uri("/v1/media/" + assetId + "/master.m3u8").toString();
    JsonObject report = playToEnd("hls.js", unsigned);

    assertTrue(report.containsKey("fatal"), () -> "the page made no report: " + report);
    assertFalse(report.getBoolean("ended", false), report.encode());
    assertTrue(report.getJsonArray("fatal").encode().contains("403"), report.encode());
  }

  @Test
  @DisplayName("in Chromium, hls.js sending credentials from a page of an allowed origin plays "
      + "the unsigned master playlist with CloudFront signed cookies (AWS SDK) for the asset's "
      + "folder; without the cookies it stops with the 403")
  void signedCookiesInBrowser() throws Exception {
    try (Browser browser = Browser.start();
        RunningService<DeliveryVerticle> allowing = Services.delivery(new JsonObject()
            .put(DeliveryConfig.CORS_ORIGINS, browser.pageOrigin("127.0.0.1")))) {
      URI master = allowing.uri("/v1/media/" + assetId + "/master.m3u8");
      Map<String, String> cookies = Signing.assetCookieValues(master);
      assertEquals(List.of("CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"),
          List.copyOf(cookies.keySet()));

      JsonObject played = browser.play("hls.js", master.toString(), "127.0.0.1", cookies,
          Duration.ofSeconds(30), SignedPlaybackTest::atEnd);
      assertPlayedToEnd(played);
      assertEquals(2, played.getInteger("tracks"), played.encode());

      JsonObject refused = browser.play("hls.js", master.toString(), "127.0.0.1", Map.of(),
          Duration.ofSeconds(30), SignedPlaybackTest::atEnd);
      assertTrue(refused.getJsonArray("fatal", new JsonArray()).encode().contains("403"),
          refused.encode());
    }
  }

  /**
   * Plays until the playhead is at the clip's end or the player gives up (a fatal error), for
   * 30 s at most. The end is where the playhead stands, not the {@code ended} event: dash.js once
   * left a clip at its last frame, played through, without ending the media source (one test
   * run of three; every one of eight runs by hand ended).
   */
  private static JsonObject playToEnd(String player, String src) throws Exception {
    try (Browser browser = Browser.start()) {
      return browser.play(player, src, Duration.ofSeconds(30), SignedPlaybackTest::atEnd);
    }
  }

  /** Whether the page's player is done: at the clip's end, or given up. */
  private static boolean atEnd(JsonObject report) {
    return report.getBoolean("ended", false)
        || !report.getJsonArray("fatal", new JsonArray()).isEmpty()
        || report.getDouble("duration", 0.0) > 0
            && report.getDouble("time", 0.0) >= report.getDouble("duration") - 0.05;
  }

  private static void assertPlayedToEnd(JsonObject report) {
    assertTrue(report.containsKey("fatal"), () -> "the page made no report: " + report);
    assertTrue(report.getJsonArray("fatal").isEmpty(), report.encode());
    assertEquals(SECONDS, report.getDouble("duration"), 0.1, report.encode());
    assertEquals(SECONDS, report.getDouble("time"), 0.1, report.encode());
    assertTrue(report.getInteger("width") > 0 && report.getInteger("height") > 0,
        report.encode());
  }

  private static JsonObject readyStatus() {
    JsonObject[] status = new JsonObject[1];
    eventually(Duration.ofSeconds(60), "asset " + assetId + " ready in delivery", () -> {
      HttpResponse<byte[]> response = send(authorized(delivery.uri("/v1/assets/" + assetId))
          .build());
      status[0] = response.statusCode() == 200 ? json(response) : null;
      return status[0] != null && status[0].getString("state").equals("ready");
    });
    return status[0];
  }
}
