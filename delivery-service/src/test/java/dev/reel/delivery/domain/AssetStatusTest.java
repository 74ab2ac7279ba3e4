package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Rendition;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.event.TranscodeProgress;
import dev.reel.common.event.UploadMode;
import dev.reel.common.lifecycle.AssetLifecycles;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AssetStatusTest {

  private static final String ID = "01jh0000000000000000000aaa";
  private static final String BASE = "https://cdn.example.test/reel";
  private static final String MEDIA = BASE + "/v1/media/" + ID + "/";
  private static final String FOLDER = "renditions/" + ID + "/";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final AssetLifecycles assets = new AssetLifecycles();

  private JsonNode status() throws IOException {
    AssetStatus status = AssetStatus.of(assets.find(ID).orElseThrow(), new PlaybackUrls(BASE));
    return EventCodec.json().readTree(EventCodec.toJson(status));
  }

  private void uploaded() {
    assets.uploaded(new MediaUploaded(ID, "reel", "originals/" + ID + "/source", 10, "ab".repeat(32),
        "video/mp4", null, Map.of(), "STANDARD", null, UploadMode.SINGLE, T0));
  }

  private void progress(double overall, boolean playable) {
    assets.progressed(new TranscodeProgress(ID, "j1", "360p", 90, overall, playable,
        T0.plusSeconds(5)));
  }

  private void completed(String posterKey, String storyboardKey) {
    assets.completed(new TranscodeCompleted(ID, "j1", "ffmpeg", FOLDER + "master.m3u8",
        FOLDER + "manifest.mpd", posterKey, storyboardKey, FOLDER + "job.json",
        List.of(new Rendition("360p", Rendition.VIDEO, 640, 360, 25, 900_000, 800_000,
                "avc1.64001e", FOLDER + "cmaf/360p/index.m3u8"),
            new Rendition("audio", Rendition.AUDIO, 0, 0, 0, 130_000, 128_000, "mp4a.40.2",
                "elsewhere/audio/index.m3u8")),
        12.5, 800, 4000, 3.1, T0.plusSeconds(9)));
  }

  @Test
  @DisplayName("an uploaded asset has only its source to play, no percent, no renditions yet")
  void uploadedAsset() throws IOException {
    uploaded();
    JsonNode json = status();
    assertEquals("uploaded", json.get("state").asText());
    assertFalse(json.get("playable").asBoolean());
    assertFalse(json.has("percent"));
    assertEquals(0, json.get("renditions").size());
    assertEquals(MEDIA + "source", json.at("/urls/source").asText());
    assertFalse(json.get("urls").has("hls"));
    assertEquals("2026-01-01T00:00:00Z", json.get("createdAt").asText());
  }

  @Test
  @DisplayName("a transcoding asset has its overall percent; HLS and DASH once playable")
  void transcoding() throws IOException {
    uploaded();
    progress(37.5, false);
    JsonNode before = status();
    assertEquals("transcoding", before.get("state").asText());
    assertEquals(37.5, before.get("percent").asDouble());
    assertFalse(before.get("urls").has("hls"));
    progress(40, true);
    JsonNode playable = status();
    assertTrue(playable.get("playable").asBoolean());
    assertEquals(MEDIA + "master.m3u8", playable.at("/urls/hls").asText());
    assertEquals(MEDIA + "manifest.mpd", playable.at("/urls/dash").asText());
    assertFalse(playable.get("urls").has("poster"));
  }

  @Test
  @DisplayName("a ready asset has its duration, its ladder with playlist URLs, poster and storyboard")
  void ready() throws IOException {
    uploaded();
    completed(FOLDER + "thumbs/poster.jpg", FOLDER + "thumbs/storyboard.vtt");
    JsonNode json = status();
    assertEquals("ready", json.get("state").asText());
    assertFalse(json.has("percent"));
    assertEquals(12.5, json.get("durationSeconds").asDouble());
    assertEquals(MEDIA + "master.m3u8", json.at("/urls/hls").asText());
    assertEquals(MEDIA + "thumbs/poster.jpg", json.at("/urls/poster").asText());
    assertEquals(MEDIA + "thumbs/storyboard.vtt", json.at("/urls/storyboard").asText());
    assertEquals("360p", json.at("/renditions/0/name").asText());
    assertEquals(MEDIA + "cmaf/360p/index.m3u8", json.at("/renditions/0/url").asText());
    assertFalse(json.at("/renditions/0").has("playlistKey"), "no storage keys to viewers");
    assertFalse(json.at("/renditions/1").has("url"), "a key outside the asset's folder");
  }

  @Test
  @DisplayName("audio-only media has no poster or storyboard URL")
  void readyWithoutThumbnails() throws IOException {
    uploaded();
    completed(null, null);
    JsonNode urls = status().get("urls");
    assertFalse(urls.has("poster"));
    assertFalse(urls.has("storyboard"));
    assertTrue(urls.has("hls"));
  }

  @Test
  @DisplayName("a failed asset has its reason: code, message and whether a retry may help")
  void failed() throws IOException {
    uploaded();
    assets.failed(new TranscodeFailed(ID, "j1", "SOURCE_UNREADABLE", "no video stream", 2, false,
        T0.plusSeconds(7)));
    JsonNode json = status();
    assertEquals("failed", json.get("state").asText());
    assertEquals("SOURCE_UNREADABLE", json.at("/reason/code").asText());
    assertEquals("no video stream", json.at("/reason/message").asText());
    assertFalse(json.at("/reason/retryable").asBoolean());
    assertEquals("2026-01-01T00:00:07Z", json.get("updatedAt").asText());
    assertFalse(json.get("urls").has("hls"));
  }
}
