package dev.reel.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.transcode.ladder.LadderPlan;
import dev.reel.transcode.ladder.LadderProfile;
import dev.reel.transcode.media.MediaProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renditions of a clip whose white flash and beep are both at exactly 2 s, made by the real
 * ffmpeg (the system's, else the bundled 4.4) with the job's two commands: their video and audio
 * must start together and stay in step, as players read them. x264's B-frames and AAC's priming
 * put both encoders' first timestamps below zero, which is where this goes wrong.
 */
class EncodeCommandTimingTest {

  private static final double FRAME = FlashAndBeep.FRAME;

  private static FfmpegRun ffmpeg;
  private static LadderPlan plan;
  private static Path out;

  @BeforeAll
  static void encode(@TempDir Path work) throws Exception {
    ffmpeg = new FfmpegRun(FfmpegBinary.locate(Optional.empty(), Path.of("target", "ffmpeg")));
    Path source = work.resolve("source");
    String beep = "if(between(t,2,2.1),0.8*sin(2*PI*1000*t),0)";
    run(List.of("-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30,drawbox=color=white"
            + ":t=fill:enable='eq(n,60)'", "-f", "lavfi", "-i", "aevalsrc='" + beep + "|" + beep
            + "':s=48000", "-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt",
        "yuv420p", "-c:a", "aac", "-f", "mp4", source.toString()));
    MediaProbe probe = FfmpegBackend.probe(ffmpeg, source);
    plan = LadderPlan.of(probe, new LadderProfile(List.of(new LadderProfile.Rung("180p", 180, 400),
        new LadderProfile.Rung("144p", 144, 250)), 96, 4, "veryfast"));
    out = work.resolve("out");
    FlashAndBeep.encode(ffmpeg, source, out, plan, probe);
  }

  @Test
  @DisplayName("in every rendition the first frame and the first sound are presented at 0, "
      + "within a frame of each other, by the tracks' edit lists")
  void tracksStartTogether() throws IOException {
    double audio = timing(plan.audio().orElseThrow().dir()).firstPresentedSeconds();
    assertEquals(0, audio, FRAME, "audio");
    assertEquals(2, plan.video().size());
    for (LadderPlan.VideoRendition rendition : plan.video()) {
      double video = timing(rendition.dir()).firstPresentedSeconds();
      assertEquals(audio, video, FRAME, rendition.name() + " against the audio");
    }
  }

  @Test
  @DisplayName("every track has one edit at most and no empty edit: Chromium's MSE, under hls.js "
      + "and shaka-player, drops an edit list that has one")
  void editListsPlayersApply() throws IOException {
    List<String> dirs = new ArrayList<>(plan.video().stream().map(v -> v.dir()).toList());
    dirs.add(plan.audio().orElseThrow().dir());
    for (String dir : dirs) {
      FlashAndBeep.assertEditsPlayersApply(out, dir);
    }
  }

  @Test
  @DisplayName("ffmpeg reading each rung's HLS back sees the flash and the beep within a frame")
  void flashAndBeepTogether() throws Exception {
    for (LadderPlan.VideoRendition rendition : plan.video()) {
      FlashAndBeep.Seen seen = FlashAndBeep.seen(ffmpeg,
          FlashAndBeep.master(out, plan, rendition));
      assertEquals(seen.beep(), seen.flash(), FRAME, rendition.name() + ": flash at "
          + seen.flash() + " s, beep at " + seen.beep() + " s");
    }
  }

  private static Fmp4Timing timing(String dir) throws IOException {
    return FlashAndBeep.timing(out, dir);
  }

  private static String run(List<String> args) throws InterruptedException {
    return FlashAndBeep.run(ffmpeg, args);
  }
}
