package dev.reel.transcode.ladder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.transcode.media.MediaProbe;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LadderPlanTest {

  private static final LadderProfile DEFAULT = new LadderProfile(
      LadderProfile.parseRungs("ladder", LadderProfile.DEFAULT_RUNGS), 128, 4, "veryfast");

  private static MediaProbe video(int w, int h, double fps, int rotation, boolean audio) {
    return new MediaProbe("mov", 60, Optional.of(new MediaProbe.VideoStream("h264", w, h, fps,
        rotation)), audio ? Optional.of(new MediaProbe.AudioStream("aac", 44100, 6))
            : Optional.empty());
  }

  private static List<String> sizes(LadderPlan plan) {
    return plan.video().stream().map(v -> v.name() + "=" + v.width() + "x" + v.height())
        .toList();
  }

  @Test
  @DisplayName("1080p gets the full default ladder, lowest first, with its caps")
  void fullLadder() {
    LadderPlan plan = LadderPlan.of(video(1920, 1080, 30, 0, true), DEFAULT);
    assertEquals(List.of("360p=640x360", "480p=854x480", "720p=1280x720", "1080p=1920x1080"),
        sizes(plan));
    assertEquals(List.of(800, 1500, 3000, 5000),
        plan.video().stream().map(LadderPlan.VideoRendition::maxKbps).toList());
    assertEquals("360p", plan.lowest().orElseThrow().name());
    assertEquals(3, plan.rest().size());
    LadderPlan.AudioRendition audio = plan.audio().orElseThrow();
    assertEquals(2, audio.channels(), "surround is downmixed to stereo");
    assertEquals(48000, audio.sampleRate());
    assertEquals(128, audio.kbps());
  }

  @Test
  @DisplayName("never upscales: 720p source stops at 720p")
  void noUpscale() {
    assertEquals(List.of("360p=640x360", "480p=854x480", "720p=1280x720"),
        sizes(LadderPlan.of(video(1280, 720, 25, 0, false), DEFAULT)));
  }

  @Test
  @DisplayName("portrait and rotated sources are laid out by their shorter side")
  void portrait() {
    assertEquals(List.of("360p=360x640", "480p=480x854", "720p=720x1280", "1080p=1080x1920"),
        sizes(LadderPlan.of(video(1080, 1920, 30, 0, false), DEFAULT)));
    assertEquals(sizes(LadderPlan.of(video(1080, 1920, 30, 0, false), DEFAULT)),
        sizes(LadderPlan.of(video(1920, 1080, 30, -90, false), DEFAULT)));
  }

  @Test
  @DisplayName("a source below the lowest rung gets one rung at its own even size")
  void tiny() {
    LadderPlan plan = LadderPlan.of(video(321, 181, 25, 0, false), DEFAULT);
    assertEquals(List.of("180p=320x180"), sizes(plan));
    assertTrue(plan.video().get(0).maxKbps() >= 200);
  }

  @Test
  @DisplayName("4:3 keeps its aspect ratio; 120 fps is halved")
  void aspectAndFrameRate() {
    LadderPlan plan = LadderPlan.of(video(1440, 1080, 120, 0, false), DEFAULT);
    assertEquals("480p=640x480", sizes(plan).get(1));
    assertTrue(plan.video().get(0).halveFrameRate());
    assertEquals(60, plan.video().get(0).frameRate(), 1e-9);
    assertFalse(LadderPlan.of(video(1440, 1080, 59.94, 0, false), DEFAULT).video().get(0)
        .halveFrameRate());
  }

  @Test
  @DisplayName("audio-only sources get only the audio rendition")
  void audioOnly() {
    LadderPlan plan = LadderPlan.of(new MediaProbe("mp3", 10, Optional.empty(),
        Optional.of(new MediaProbe.AudioStream("mp3", 22050, 1))), DEFAULT);
    assertTrue(plan.video().isEmpty());
    assertEquals(1, plan.audio().orElseThrow().channels());
    assertEquals(22050, plan.audio().orElseThrow().sampleRate());
  }

  @Test
  @DisplayName("bad ladder settings are refused with the key named")
  void badProfiles() {
    for (String bad : List.of("", "1080:5000", "1080p", "1081p:500", "720p:3000,720p:2000",
        "100p:100")) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> LadderProfile.parseRungs("REEL_TRANSCODE_LADDER", bad), bad);
      assertTrue(e.getMessage().startsWith("REEL_TRANSCODE_LADDER"), e.getMessage());
    }
  }

  @Test
  @DisplayName("non-square pixels are made square at the shape players show: PAL DVB 720x576 "
      + "at 16:9, HDV 1440x1080")
  void pixelAspect() {
    assertEquals(List.of("360p=640x360", "480p=854x480"), sizes(LadderPlan.of(new MediaProbe(
        "mpegts", 60, Optional.of(new MediaProbe.VideoStream("mpeg2video", 720, 576, 25, 0,
            64.0 / 45, 0)), Optional.empty()), DEFAULT)));
    assertEquals(List.of("360p=640x360", "480p=854x480", "720p=1280x720", "1080p=1920x1080"),
        sizes(LadderPlan.of(new MediaProbe("mpegts", 60, Optional.of(new MediaProbe.VideoStream(
            "mpeg2video", 1440, 1080, 25, 0, 4.0 / 3, 0)), Optional.empty()), DEFAULT)));
  }
}
