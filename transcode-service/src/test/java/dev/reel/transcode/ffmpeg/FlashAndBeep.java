package dev.reel.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.transcode.ladder.LadderPlan;
import dev.reel.transcode.media.MediaProbe;
import dev.reel.transcode.packaging.MediaPlaylist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the A/V timing tests share: clips with a white flash and a beep at the same instant, run
 * through the job's two real ffmpeg commands, then read back by the boxes ({@link Fmp4Timing}) and
 * by ffmpeg, which must see the flash and the beep together.
 */
final class FlashAndBeep {

  /** A frame of the test clips (30 fps): how far apart the flash and the beep may be. */
  static final double FRAME = 1.0 / 30;
  private static final Pattern FLASH = Pattern.compile("Parsed_metadata.*pts_time:([0-9.]+)");
  private static final Pattern BEEP = Pattern.compile("silence_end: ([0-9.]+)");

  /** When ffmpeg, reading an input, first saw the white frame and the beep, in seconds. */
  record Seen(double flash, double beep) {
  }

  private FlashAndBeep() {
  }

  /** Runs ffmpeg, which must succeed; what it printed. */
  static String run(FfmpegRun ffmpeg, List<String> args) throws InterruptedException {
    FfmpegRun.Result result = ffmpeg.run(args, 0, null);
    assertTrue(result.ok(), "ffmpeg " + args + " failed: " + result.stderr());
    return result.stderr();
  }

  /** Runs the job's two commands on {@code source}, as the transcode job does. */
  static void encode(FfmpegRun ffmpeg, Path source, Path out, LadderPlan plan, MediaProbe probe)
      throws IOException, InterruptedException {
    FfmpegBackend.Passes passes = FfmpegBackend.Passes.of(source, out, plan, probe);
    for (EncodeCommand command : List.of(passes.first(), passes.second())) {
      for (Path dir : command.outputDirs()) {
        Files.createDirectories(dir);
      }
      run(ffmpeg, command.args());
    }
  }

  /** The timing of a rendition's track, from its init segment and first segment. */
  static Fmp4Timing timing(Path out, String dir) throws IOException {
    Path rendition = out.resolve(dir);
    MediaPlaylist playlist = MediaPlaylist.parse(Files.readString(
        rendition.resolve("index.m3u8")));
    return Fmp4Timing.read(rendition.resolve(playlist.initUri()),
        rendition.resolve(playlist.segments().get(0).uri()));
  }

  /**
   * One edit at most, and no empty one: Chromium's MSE (so hls.js, shaka-player and dash.js)
   * ignores an edit list that has one.
   */
  static void assertEditsPlayersApply(Path out, String dir) throws IOException {
    List<Fmp4Timing.Edit> edits = timing(out, dir).edits();
    assertTrue(edits.size() <= 1 && edits.stream().noneMatch(e -> e.mediaTime() == -1),
        dir + " has the edit list " + edits);
  }

  /** Writes a master playlist of one video rendition and the audio, for ffmpeg to read back. */
  static Path master(Path out, LadderPlan plan, LadderPlan.VideoRendition video)
      throws IOException {
    return Files.writeString(out.resolve("master-" + video.name() + ".m3u8"),
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"Main\","
            + "DEFAULT=YES,URI=\"" + plan.audio().orElseThrow().dir() + "/index.m3u8\"\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=500000,AUDIO=\"a\"\n" + video.dir() + "/index.m3u8\n");
  }

  /** Where ffmpeg, reading {@code input}, first sees the white frame and the beep. */
  static Seen seen(FfmpegRun ffmpeg, Path input) throws InterruptedException {
    String log = run(ffmpeg, List.of("-i", input.toString(), "-map", "0:v:0", "-vf",
        "signalstats,metadata=mode=select:key=lavfi.signalstats.YAVG:value=200"
            + ":function=greater,metadata=mode=print", "-f", "null", "-", "-map", "0:a:0",
        "-af", "silencedetect=n=-30dB:d=0.05", "-f", "null", "-"));
    return new Seen(first(FLASH, log), first(BEEP, log));
  }

  private static double first(Pattern pattern, String log) {
    Matcher m = pattern.matcher(log);
    assertTrue(m.find(), "no " + pattern + " in ffmpeg's output:\n" + log);
    return Double.parseDouble(m.group(1));
  }
}
