package dev.reel.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.transcode.ladder.LadderPlan;
import dev.reel.transcode.ladder.LadderProfile;
import dev.reel.transcode.media.MediaProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sources whose tracks start at different times, as cameras, phones and screen recorders write
 * them: the sound 178 ms after the first frame (in its own edit list, or in MKV its first
 * timestamp), or the first frame 178 ms after the sound, with a white flash and a beep at the
 * same instant of the source's timeline. Made and encoded by the real ffmpeg (the system's, else
 * the bundled 4.4) with the job's two commands, their renditions must all present from 0 with
 * the flash and the beep still together, and no track may have an empty edit, which makes
 * Chromium's MSE (so hls.js, shaka-player and dash.js) ignore the track's whole edit list.
 */
class StaggeredStartTest {

  private static final double FRAME = FlashAndBeep.FRAME;
  private static final double LATE = 0.178;

  /**
   * The sources: which track starts late, in which container. Late video needs no filter of
   * ours (ffmpeg's constant-frame-rate HLS output repeats the first frame from 0), so its source
   * guards that rather than a change.
   */
  enum Source {
    AUDIO_LATE_MP4("mp4", 0, LATE),
    VIDEO_LATE_MP4("mp4", LATE, 0),
    AUDIO_LATE_MKV("matroska", 0, LATE),
    AUDIO_LATE_TS("mpegts", 0, LATE),
    VIDEO_LATE_TS("mpegts", LATE, 0);

    final String format;
    final double videoStart;
    final double audioStart;

    Source(String format, double videoStart, double audioStart) {
      this.format = format;
      this.videoStart = videoStart;
      this.audioStart = audioStart;
    }
  }

  /** One source's renditions, as the job writes them. */
  private record Encoded(LadderPlan plan, Path out) {

    List<String> dirs() {
      return List.of(plan.video().get(0).dir(), plan.audio().orElseThrow().dir());
    }
  }

  private static final Map<Source, Encoded> ENCODED = new EnumMap<>(Source.class);
  private static FfmpegRun ffmpeg;
  @TempDir
  static Path work;

  @BeforeAll
  static void locate() {
    ffmpeg = new FfmpegRun(FfmpegBinary.locate(Optional.empty(), Path.of("target", "ffmpeg")));
  }

  @ParameterizedTest
  @EnumSource(Source.class)
  @DisplayName("no track has an empty edit; each has one edit at most")
  void noEmptyEdit(Source source) throws Exception {
    Encoded encoded = encoded(source);
    for (String dir : encoded.dirs()) {
      FlashAndBeep.assertEditsPlayersApply(encoded.out(), dir);
    }
  }

  @ParameterizedTest
  @EnumSource(Source.class)
  @DisplayName("the first frame and the first sound are both presented at 0, by the boxes")
  void tracksStartAtZero(Source source) throws Exception {
    Encoded encoded = encoded(source);
    for (String dir : encoded.dirs()) {
      assertEquals(0, FlashAndBeep.timing(encoded.out(), dir).firstPresentedSeconds(),
          FRAME / 2, dir);
    }
  }

  @ParameterizedTest
  @EnumSource(Source.class)
  @DisplayName("ffmpeg reading the HLS back sees the flash and the beep within a frame, as in "
      + "the source")
  void flashAndBeepTogether(Source source) throws Exception {
    Encoded encoded = encoded(source);
    FlashAndBeep.Seen seen = FlashAndBeep.seen(ffmpeg, FlashAndBeep.master(encoded.out(),
        encoded.plan(), encoded.plan().video().get(0)));
    assertEquals(seen.beep(), seen.flash(), FRAME,
        "flash at " + seen.flash() + " s, beep at " + seen.beep() + " s");
  }

  /**
   * Makes the source (a 4 s clip whose flash and beep are together, the late track's timestamps
   * moved by {@code -itsoffset}) and runs the job's two commands on it, once per source.
   */
  private static synchronized Encoded encoded(Source source) throws Exception {
    Encoded done = ENCODED.get(source);
    if (done != null) {
      return done;
    }
    Path dir = work.resolve(source.name().toLowerCase(Locale.ROOT));
    Files.createDirectories(dir);
    // The flash is on the frame nearest 2 s of the source's timeline, the beep exactly on it.
    int flashFrame = (int) Math.round((2 - source.videoStart) / FRAME);
    double flashAt = source.videoStart + flashFrame * FRAME;
    double beepAt = flashAt - source.audioStart;
    Path video = dir.resolve("video.mp4");
    run(List.of("-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30,drawbox=color=white"
        + ":t=fill:enable='eq(n," + flashFrame + ")'", "-t", "4", "-c:v", "libx264", "-preset",
        "veryfast", "-pix_fmt", "yuv420p", video.toString()));
    String beep = String.format(Locale.ROOT, "if(between(t,%.6f,%.6f),0.8*sin(2*PI*1000*t),0)",
        beepAt, beepAt + 0.1);
    Path file = dir.resolve("source");
    run(List.of("-y", "-itsoffset", String.valueOf(source.videoStart), "-i", video.toString(),
        "-itsoffset", String.valueOf(source.audioStart), "-f", "lavfi", "-t", "4", "-i",
        "aevalsrc='" + beep + "|" + beep + "':s=48000", "-map", "0:v", "-map", "1:a",
        "-c:v", "copy", "-c:a", "aac", "-f", source.format, file.toString()));
    FlashAndBeep.Seen inSource = FlashAndBeep.seen(ffmpeg, file);
    assertEquals(inSource.beep(), inSource.flash(), FRAME / 2, source + ": the source's flash at "
        + inSource.flash() + " s, beep at " + inSource.beep() + " s");

    MediaProbe probe = FfmpegBackend.probe(ffmpeg, file);
    LadderPlan plan = LadderPlan.of(probe, new LadderProfile(List.of(
        new LadderProfile.Rung("144p", 144, 250)), 96, 4, "veryfast"));
    Path out = dir.resolve("out");
    FlashAndBeep.encode(ffmpeg, file, out, plan, probe);
    Encoded encoded = new Encoded(plan, out);
    ENCODED.put(source, encoded);
    return encoded;
  }

  private static String run(List<String> args) throws InterruptedException {
    return FlashAndBeep.run(ffmpeg, args);
  }
}
