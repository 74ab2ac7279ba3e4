package dev.reel.platform.it;

import dev.reel.transcode.ffmpeg.FfmpegBinary;
import dev.reel.transcode.ffmpeg.FfmpegRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Real media made by ffmpeg for the transcode tests: lavfi test patterns with a tone, in several
 * shapes. Files are generated once per test JVM and kept under the test platform's directory.
 */
public final class GeneratedMedia {

  private static Path ffmpeg;

  private GeneratedMedia() {
  }

  public static synchronized Path ffmpeg() {
    if (ffmpeg == null) {
      ffmpeg = FfmpegBinary.locate(Optional.empty(), TestPlatform.get().dataDir().resolve("bin"));
    }
    return ffmpeg;
  }

  /** A clip of {@code width}x{@code height} at {@code fps}, with a stereo tone if asked. */
  public static Path video(int width, int height, double seconds, int fps, boolean audio) {
    String name = "video-" + width + "x" + height + "-" + seconds + "s-" + fps
        + (audio ? "-a" : "") + ".mp4";
    List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i",
        "testsrc2=size=" + width + "x" + height + ":rate=" + fps));
    if (audio) {
      args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
          "-ac", "2", "-c:a", "aac", "-b:a", "96k"));
    }
    args.addAll(List.of("-t", String.valueOf(seconds), "-c:v", "libx264", "-preset",
        "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart"));
    return generate(name, args);
  }

  /**
   * A landscape clip stored with a display matrix that turns it a quarter: players (and the
   * ladder) must treat it as portrait.
   */
  public static Path rotated(int codedWidth, int codedHeight, double seconds) {
    Path upright = video(codedWidth, codedHeight, seconds, 25, false);
    // The muxer writes a display matrix only when it copies the stream.
    return generate("rotated-" + codedWidth + "x" + codedHeight + ".mp4", List.of("-i",
        upright.toString(), "-c", "copy", "-metadata:s:v:0", "rotate=90"));
  }

  public static Path audioOnly(double seconds) {
    return generate("audio-" + seconds + "s.mp3", List.of("-f", "lavfi", "-i",
        "sine=frequency=330:sample_rate=44100", "-t", String.valueOf(seconds), "-ac", "2",
        "-c:a", "libmp3lame", "-b:a", "128k"));
  }

  /** A real MP4 cut short: its header sniffs as MP4, but the index (moov) is gone. */
  public static byte[] truncatedMp4() throws IOException {
    Path whole = generate("truncate-me.mp4", List.of("-f", "lavfi", "-i",
        "testsrc2=size=320x240:rate=25", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast",
        "-pix_fmt", "yuv420p"));
    byte[] bytes = Files.readAllBytes(whole);
    return java.util.Arrays.copyOf(bytes, bytes.length / 2);
  }

  private static synchronized Path generate(String name, List<String> args) {
    Path dir = TestPlatform.get().dataDir().resolve("media");
    Path target = dir.resolve(name);
    if (Files.exists(target)) {
      return target;
    }
    try {
      Files.createDirectories(dir);
      List<String> all = new ArrayList<>(List.of("-y", "-loglevel", "error"));
      all.addAll(args);
      Path partial = dir.resolve(name + ".part" + name.substring(name.lastIndexOf('.')));
      all.add(partial.toString());
      FfmpegRun.Result result = new FfmpegRun(ffmpeg()).run(all, 0, null);
      if (!result.ok()) {
        throw new IllegalStateException("ffmpeg could not make " + name + ": "
            + result.stderr());
      }
      Files.move(partial, target);
      return target;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
