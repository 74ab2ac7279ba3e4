package dev.reel.transcode.mediaconvert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.transcode.ladder.LadderPlan;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class H264LevelTest {

  private static String codecs(int width, int height, double fps, int kbps) {
    return H264Level.of(new LadderPlan.VideoRendition("r", width, height, fps, false, kbps), 2)
        .codecs();
  }

  @Test
  @DisplayName("each rung gets the lowest level its frame size and rate fit, 3.0 at least")
  void bySizeAndRate() {
    assertEquals("avc1.64001e", codecs(640, 360, 30, 800));
    assertEquals("avc1.64001f", codecs(1280, 720, 30, 3000));
    assertEquals("avc1.640020", codecs(1280, 720, 60, 3000));
    assertEquals("avc1.640028", codecs(1920, 1080, 30, 5000));
    assertEquals("avc1.64002a", codecs(1920, 1080, 60, 8000));
    assertEquals("avc1.640033", codecs(3840, 2160, 30, 16000));
  }

  @Test
  @DisplayName("a cap above a level's bit rate, or an unknown frame rate, moves the level up")
  void byRateAndUnknowns() {
    assertEquals("avc1.64001f", codecs(854, 480, 30, 7000));
    assertEquals("avc1.640020", codecs(1280, 720, 0, 3000));
  }
}
