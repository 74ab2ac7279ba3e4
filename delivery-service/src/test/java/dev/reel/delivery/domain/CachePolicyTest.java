package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CachePolicyTest {

  private static final String YEAR = "public, max-age=31536000, immutable";

  @ParameterizedTest(name = "{0} (ready: {1}) -> {2}")
  @DisplayName("segments, thumbnails and tracks are immutable; manifests are short-lived until "
      + "the asset is ready, then kept a day")
  @CsvSource(delimiter = '|', value = {
      "seg_00001.m4s  | false | " + YEAR,
      "init.mp4       | false | " + YEAR,
      "poster.jpg     | false | " + YEAR,
      "storyboard.vtt | false | " + YEAR,
      "master.m3u8    | false | public, max-age=2",
      "manifest.mpd   | false | public, max-age=2",
      "job.json       | false | public, max-age=2",
      "master.m3u8    | true  | public, max-age=86400",
      "index.m3u8     | true  | public, max-age=86400",
      "manifest.mpd   | true  | public, max-age=86400",
      "seg_00001.m4s  | true  | " + YEAR,
      "notes.txt      | true  | public, max-age=3600",
  })
  void rendition(String fileName, boolean ready, String expected) {
    assertEquals(expected, CachePolicy.rendition(MediaFileType.of(fileName), ready));
  }

  @Test
  @DisplayName("an original never changes under its URL: immutable for a year")
  void original() {
    assertEquals(YEAR, CachePolicy.original());
  }
}
