package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaFileTypeTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @DisplayName("each output is answered with the content type players expect")
  @CsvSource({
      "master.m3u8, application/vnd.apple.mpegurl",
      "index.m3u8, application/vnd.apple.mpegurl",
      "manifest.mpd, application/dash+xml",
      "init.mp4, video/mp4",
      "seg_00001.m4s, video/iso.segment",
      "storyboard.vtt, text/vtt",
      "poster.jpg, image/jpeg",
      "job.json, application/json",
      "POSTER.JPG, image/jpeg"})
  void contentType(String fileName, String expected) {
    assertEquals(Optional.of(expected), MediaFileType.of(fileName).contentType());
  }

  @Test
  @DisplayName("an unknown extension, or none, keeps the type the object was stored with")
  void unknownKeepsStoredType() {
    assertEquals(Optional.empty(), MediaFileType.of("notes.txt").contentType());
    assertEquals(Optional.empty(), MediaFileType.of("README").contentType());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @DisplayName("manifests and WebVTT tracks are compressible; media, images and unknown files not")
  @CsvSource({
      "master.m3u8, true",
      "manifest.mpd, true",
      "job.json, true",
      "storyboard.vtt, true",
      "seg_00001.m4s, false",
      "init.mp4, false",
      "poster.jpg, false",
      "notes.txt, false"})
  void compressible(String fileName, boolean expected) {
    assertEquals(expected, MediaFileType.of(fileName).compressible());
  }
}
