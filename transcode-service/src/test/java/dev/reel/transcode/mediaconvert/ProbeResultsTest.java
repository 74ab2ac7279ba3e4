package dev.reel.transcode.mediaconvert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reel.transcode.job.JobFailure;
import dev.reel.transcode.media.MediaProbe;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mediaconvert.model.Container;
import software.amazon.awssdk.services.mediaconvert.model.ProbeResponse;
import software.amazon.awssdk.services.mediaconvert.model.Track;

class ProbeResultsTest {

  private static final Track VIDEO = Track.builder().index(1).trackType("video").codec("AVC")
      .videoProperties(v -> v.width(1920).height(1080)
          .frameRate(f -> f.numerator(30000).denominator(1001)))
      .build();
  private static final Track AUDIO = Track.builder().index(2).trackType("audio").codec("AAC")
      .audioProperties(a -> a.sampleRate(44100).channels(6))
      .build();

  private static ProbeResponse response(Double duration, Track... tracks) {
    return ProbeResponse.builder().probeResults(r -> r.container(Container.builder()
        .format("mp4").duration(duration).tracks(List.of(tracks)).build())).build();
  }

  @Test
  @DisplayName("the first video and audio tracks become the probe the ladder is planned from")
  void videoAndAudio() {
    MediaProbe probe = ProbeResults.toMediaProbe(response(12.5, VIDEO, AUDIO));
    assertEquals("mp4", probe.container());
    assertEquals(12.5, probe.durationSeconds());
    MediaProbe.VideoStream video = probe.video().orElseThrow();
    assertEquals(1920, video.displayWidth());
    assertEquals(1080, video.displayHeight());
    assertEquals(29.97, video.frameRate(), 0.001);
    assertEquals("avc", video.codec());
    assertEquals(44100, probe.audio().orElseThrow().sampleRate());
    assertEquals(6, probe.audio().orElseThrow().channels());
  }

  @Test
  @DisplayName("audio alone is an audio-only source; a missing duration is the longest track's")
  void audioOnly() {
    Track audio = AUDIO.toBuilder().duration(5.0).build();
    MediaProbe probe = ProbeResults.toMediaProbe(response(null, audio));
    assertFalse(probe.video().isPresent());
    assertEquals(5.0, probe.durationSeconds());
  }

  @Test
  @DisplayName("no container, no tracks or only data tracks: UNSUPPORTED_MEDIA, not retried")
  void nothingToTranscode() {
    for (ProbeResponse response : List.of(ProbeResponse.builder().build(),
        response(3.0), response(3.0, Track.builder().trackType("data").build()))) {
      JobFailure failure = assertThrows(JobFailure.class,
          () -> ProbeResults.toMediaProbe(response));
      assertEquals(JobFailure.UNSUPPORTED_MEDIA, failure.reasonCode());
      assertFalse(failure.retryable());
    }
  }

  @Test
  @DisplayName("a frame rate Probe does not give is 0, unknown")
  void unknownRate() {
    assertEquals(0, ProbeResults.rate(null));
    Track video = VIDEO.toBuilder().videoProperties(v -> v.width(640).height(360)).build();
    assertEquals(0, ProbeResults.toMediaProbe(response(1.0, video)).video().orElseThrow()
        .frameRate());
  }
}
