package dev.reel.transcode.ffmpeg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Writes a test clip with the ffmpeg the transcode service would use (the system's, or the
 * bundled static build), so a fresh machine can try the whole pipeline with real media:
 * {@code ./reel sample clip.mp4 [seconds] [WxH]}.
 */
public final class SampleClip {

  private SampleClip() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: ./reel sample FILE [SECONDS] [WIDTHxHEIGHT]");
      System.exit(2);
    }
    Path target = Path.of(args[0]).toAbsolutePath();
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String size = args.length > 2 ? args[2] : "1280x720";
    if (seconds < 1 || seconds > 3600 || !size.matches("\\d{2,4}x\\d{2,4}")) {
      System.err.println("SECONDS must be 1 to 3600 and the size like 1280x720");
      System.exit(2);
    }
    Path unpackDir = Path.of(Optional.ofNullable(System.getenv("REEL_TRANSCODE_WORK_DIR"))
        .orElse(Path.of(Optional.ofNullable(System.getenv("REEL_DATA_DIR")).orElse("data"),
            "transcode").toString())).resolve("bin");
    FfmpegRun ffmpeg = new FfmpegRun(FfmpegBinary.locate(Optional.empty(), unpackDir));
    FfmpegRun.Result result = ffmpeg.run(List.of("-y", "-loglevel", "error",
        "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", String.valueOf(seconds), "-ac", "2", "-c:a", "aac", "-b:a", "128k",
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
        "-movflags", "+faststart", target.toString()), seconds, null);
    if (!result.ok()) {
      System.err.println("ffmpeg failed: " + result.stderr());
      System.exit(1);
    }
    System.out.println(target + " (" + seconds + " s, " + size + ", "
        + Files.size(target) + " bytes, made with " + ffmpeg.binary() + ")");
  }
}
