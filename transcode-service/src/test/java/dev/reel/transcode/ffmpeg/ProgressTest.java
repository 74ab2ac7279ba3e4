package dev.reel.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  @DisplayName("finished segments measure a rendition's progress, short of done until the "
      + "encode ends")
  void fromSegments() {
    assertEquals(0.0, Progress.fromSegments(0, 4, 60), 1e-9);
    assertEquals(0.4, Progress.fromSegments(6, 4, 60), 1e-9);
    assertEquals(0.99, Progress.fromSegments(15, 4, 60), 1e-9);
    assertEquals(0.99, Progress.fromSegments(40, 4, 60), 1e-9);
    assertEquals(0.0, Progress.fromSegments(3, 4, 0), 1e-9);
  }
}
