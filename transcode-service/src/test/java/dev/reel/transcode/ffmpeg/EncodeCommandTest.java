package dev.reel.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.transcode.ladder.LadderPlan;
import dev.reel.transcode.ladder.LadderProfile;
import dev.reel.transcode.media.MediaProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The arguments of the job's ffmpeg commands, without running them. */
class EncodeCommandTest {

  private static final MediaProbe PROBE = new MediaProbe("mov,mp4,m4a,3gp,3g2,mj2", 10,
      Optional.of(new MediaProbe.VideoStream("h264", 1280, 720, 30, 0)),
      Optional.of(new MediaProbe.AudioStream("aac", 48000, 2)));
  private static final Path SOURCE = Path.of("job", "source");
  private static final Path OUT = Path.of("job", "out");

  private static List<String> first(MediaProbe probe) {
    LadderPlan plan = LadderPlan.of(probe, new LadderProfile(LadderProfile.parseRungs("rungs",
        LadderProfile.DEFAULT_RUNGS), 128, 4, "veryfast"));
    return FfmpegBackend.Passes.of(SOURCE, OUT, plan, probe).first().args();
  }

  @Test
  @DisplayName("audio that starts with the video is encoded as before: no audio filter")
  void audioWithTheVideo() {
    assertFalse(first(PROBE).contains("-af"));
    assertFalse(first(PROBE.withAudioStart(0.0005)).contains("-af"));
  }

  @Test
  @DisplayName("audio that starts late is filled in with silence from 0, before it is encoded")
  void lateAudio() {
    List<String> args = first(PROBE.withAudioStart(0.156));
    int filter = args.indexOf("-af");
    assertEquals("aresample=async=1:first_pts=0", args.get(filter + 1));
    assertEquals("0:a:0", args.get(args.lastIndexOf("-map") + 1));
    assertEquals(args.indexOf("-c:a"), filter + 2);
  }

  @Test
  @DisplayName("the picture and the sound the probe chose are read by their stream numbers (in a "
      + "transport stream of several programmes, of one programme), in both passes")
  void chosenStreams() {
    MediaProbe tv = new MediaProbe("mpegts", 6, Optional.of(new MediaProbe.VideoStream("h264",
        640, 360, 25, 0, 1, 1)), Optional.of(new MediaProbe.AudioStream("aac", 48000, 2, 0, 2)));
    LadderPlan plan = LadderPlan.of(tv, new LadderProfile(LadderProfile.parseRungs("rungs",
        "360p:800,240p:400"), 128, 4, "veryfast"));
    FfmpegBackend.Passes passes = FfmpegBackend.Passes.of(SOURCE, OUT, plan, tv);
    List<String> first = passes.first().args();
    List<String> second = passes.second().args();
    assertEquals("0:2", first.get(first.lastIndexOf("-map") + 1));
    assertTrue(first.get(first.indexOf("-filter_complex") + 1).startsWith("[0:1]"));
    assertTrue(second.get(second.indexOf("-filter_complex") + 1).startsWith("[0:1]"));
  }
}
