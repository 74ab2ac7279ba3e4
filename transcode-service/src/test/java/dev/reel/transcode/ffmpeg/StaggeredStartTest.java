package dev.reel.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.transcode.ladder.LadderPlan;
import dev.reel.transcode.ladder.LadderProfile;
import dev.reel.transcode.media.MediaProbe;
import dev.reel.transcode.packaging.MediaPlaylist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private static final double FRAME = 1.0 / 30;
  private static final double LATE = 0.178;
  private static final Pattern FLASH = Pattern.compile("Parsed_metadata.*pts_time:([0-9.]+)");
  private static final Pattern BEEP = Pattern.compile("silence_end: ([0-9.]+)");

  /**
   * The sources: which track starts late, in which container. Late video needs no filter of
   * ours (ffmpeg's constant-frame-rate HLS output repeats the first frame from 0), so its source
   * guards that rather than a change.
   */
  enum Source {
    AUDIO_LATE_MP4("mp4", 0, LATE),
    VIDEO_LATE_MP4("mp4", LATE, 0),
    AUDIO_LATE_MKV("matroska", 0, LATE);

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

    Fmp4Timing timing(String dir) throws IOException {
      Path rendition = out.resolve(dir);
      MediaPlaylist playlist = MediaPlaylist.parse(Files.readString(
          rendition.resolve("index.m3u8")));
      return Fmp4Timing.read(rendition.resolve(playlist.initUri()),
          rendition.resolve(playlist.segments().get(0).uri()));
    }

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
      List<Fmp4Timing.Edit> edits = encoded.timing(dir).edits();
      assertTrue(edits.size() <= 1 && edits.stream().noneMatch(e -> e.mediaTime() == -1),
          dir + " has the edit list " + edits);
    }
  }

  @ParameterizedTest
  @EnumSource(Source.class)
  @DisplayName("the first frame and the first sound are both presented at 0, by the boxes")
  void tracksStartAtZero(Source source) throws Exception {
    Encoded encoded = encoded(source);
    for (String dir : encoded.dirs()) {
      assertEquals(0, encoded.timing(dir).firstPresentedSeconds(), FRAME / 2, dir);
    }
  }

  @ParameterizedTest
  @EnumSource(Source.class)
  @DisplayName("ffmpeg reading the HLS back sees the flash and the beep within a frame, as in "
      + "the source")
  void flashAndBeepTogether(Source source) throws Exception {
    Encoded encoded = encoded(source);
    Path master = encoded.out().resolve("master.m3u8");
    Files.writeString(master, "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-MEDIA:TYPE=AUDIO,"
        + "GROUP-ID=\"a\",NAME=\"Main\",DEFAULT=YES,URI=\""
        + encoded.plan().audio().orElseThrow().dir() + "/index.m3u8\"\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=500000,AUDIO=\"a\"\n"
        + encoded.plan().video().get(0).dir() + "/index.m3u8\n");
    double[] read = flashAndBeep(master);
    assertEquals(read[1], read[0], FRAME, "flash at " + read[0] + " s, beep at " + read[1] + " s");
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
    double[] inSource = flashAndBeep(file);
    assertEquals(inSource[1], inSource[0], FRAME / 2, source + ": the source's flash at "
        + inSource[0] + " s, beep at " + inSource[1] + " s");

    MediaProbe probe = FfmpegBackend.probe(ffmpeg, file);
    LadderPlan plan = LadderPlan.of(probe, new LadderProfile(List.of(
        new LadderProfile.Rung("144p", 144, 250)), 96, 4, "veryfast"));
    Path out = dir.resolve("out");
    FfmpegBackend.Passes passes = FfmpegBackend.Passes.of(file, out, plan, probe);
    for (EncodeCommand command : List.of(passes.first(), passes.second())) {
      for (Path outDir : command.outputDirs()) {
        Files.createDirectories(outDir);
      }
      run(command.args());
    }
    Encoded encoded = new Encoded(plan, out);
    ENCODED.put(source, encoded);
    return encoded;
  }

  /** When ffmpeg, reading {@code input}, first sees the white frame and the beep. */
  private static double[] flashAndBeep(Path input) throws InterruptedException {
    String log = run(List.of("-i", input.toString(), "-map", "0:v:0", "-vf", "signalstats,"
        + "metadata=mode=select:key=lavfi.signalstats.YAVG:value=200:function=greater,"
        + "metadata=mode=print", "-f", "null", "-", "-map", "0:a:0", "-af",
        "silencedetect=n=-30dB:d=0.05", "-f", "null", "-"));
    return new double[] {first(FLASH, log), first(BEEP, log)};
  }

  private static double first(Pattern pattern, String log) {
    Matcher m = pattern.matcher(log);
    assertTrue(m.find(), "no " + pattern + " in ffmpeg's output:\n" + log);
    return Double.parseDouble(m.group(1));
  }

  private static String run(List<String> args) throws InterruptedException {
    FfmpegRun.Result result = ffmpeg.run(args, 0, null);
    assertTrue(result.ok(), "ffmpeg " + args + " failed: " + result.stderr());
    return result.stderr();
  }
}
