package dev.reel.transcode.mediaconvert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.event.Rendition;
import dev.reel.transcode.job.JobFailure;
import dev.reel.transcode.job.TranscodeBackend;
import dev.reel.transcode.ladder.LadderPlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.OutputDetail;

class JobOutcomeTest {

  private static final String P = Fixtures.NAMES.prefix();
  private static final LadderPlan PLAN = Fixtures.plan(640, 360, 25, true);

  /** What MediaConvert reports for the 360p rung and the audio, then the poster group. */
  private static Job complete() {
    return Job.builder().id("1700000000000-abcdef").status("COMPLETE")
        .outputGroupDetails(
            g -> g.outputDetails(
                OutputDetail.builder().durationInMs(10_000)
                    .videoDetails(v -> v.widthInPx(638).heightInPx(360)).build(),
                OutputDetail.builder().durationInMs(10_010).build()),
            g -> g.outputDetails(OutputDetail.builder().durationInMs(10_000).build()))
        .build();
  }

  private static List<TranscodeBackend.Output> listing() {
    List<TranscodeBackend.Output> objects = new ArrayList<>();
    for (String key : List.of("master.m3u8", "master.mpd", "master_360p.m3u8",
        "master_audio.m3u8", "thumbs/poster.0000000.jpg", "thumbs/poster.0000001.jpg")) {
      objects.add(new TranscodeBackend.Output(P + key, 1_000));
    }
    objects.add(new TranscodeBackend.Output(P + "master_360p_00001.cmfv", 500_000));
    objects.add(new TranscodeBackend.Output(P + "master_360p_00002.cmfv", 500_000));
    objects.add(new TranscodeBackend.Output(P + "master_audio_00001.cmfa", 160_160));
    objects.add(new TranscodeBackend.Output(P + "job.json", 2_000));
    return objects;
  }

  @Test
  @DisplayName("the completion names the manifests, the last capture as poster, and every object "
      + "but the job manifest")
  void keys() {
    TranscodeBackend.Outcome outcome = JobOutcome.of(complete(), PLAN, Fixtures.NAMES,
        listing(), 1234);
    assertEquals(P + "master.m3u8", outcome.hlsMasterKey());
    assertEquals(P + "master.mpd", outcome.dashManifestKey());
    assertEquals(P + "thumbs/poster.0000001.jpg", outcome.posterKey());
    assertNull(outcome.storyboardKey());
    assertEquals(9, outcome.outputs().size());
    assertTrue(outcome.outputs().stream().noneMatch(o -> o.key().endsWith("job.json")));
    assertEquals(10.01, outcome.durationSeconds());
    assertEquals(1234, outcome.timeToFirstPlayableMs());
  }

  @Test
  @DisplayName("renditions carry MediaConvert's sizes, the cap as peak and the bytes as average")
  void renditions() {
    List<Rendition> renditions = JobOutcome.of(complete(), PLAN, Fixtures.NAMES, listing(), 1)
        .renditions();
    Rendition video = renditions.get(0);
    assertEquals("360p", video.name());
    assertEquals(638, video.width());
    assertEquals(360, video.height());
    assertEquals(25.0, video.frameRate());
    assertEquals(800_000, video.bandwidth());
    assertEquals(800_000, video.averageBandwidth());
    assertEquals("avc1.64001e", video.codecs());
    assertEquals(P + "master_360p.m3u8", video.playlistKey());
    Rendition audio = renditions.get(1);
    assertEquals(Rendition.AUDIO, audio.type());
    assertEquals(128_000, audio.bandwidth());
    assertEquals(128_000, audio.averageBandwidth());
    assertEquals("mp4a.40.2", audio.codecs());
  }

  @Test
  @DisplayName("COMPLETE without both manifests in the bucket is not announced: retried")
  void manifestsMustHaveLanded() {
    List<TranscodeBackend.Output> objects = listing();
    objects.removeIf(o -> o.key().endsWith("master.mpd"));
    JobFailure failure = assertThrows(JobFailure.class,
        () -> JobOutcome.of(complete(), PLAN, Fixtures.NAMES, objects, 1));
    assertEquals(JobFailure.BACKEND_ERROR, failure.reasonCode());
    assertTrue(failure.retryable());
    assertTrue(failure.getMessage().contains("master.mpd is not in the bucket"));
  }

  @Test
  @DisplayName("without output details the plan's sizes and the probe's duration stand")
  void withoutDetails() {
    TranscodeBackend.Outcome outcome = JobOutcome.of(Job.builder().id("j").build(), PLAN,
        Fixtures.NAMES, listing(), 1);
    assertEquals(640, outcome.renditions().get(0).width());
    assertEquals(60.0, outcome.durationSeconds());
  }
}
