package dev.reel.transcode.ffmpeg;

import dev.reel.common.config.ConfigException;
import dev.reel.common.service.Executables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the ffmpeg to run: the one configured, else the system's on {@code PATH}, else the
 * static build shipped in the {@code jave-nativebin-linux64} artifact, unpacked once into a
 * directory of ours (its execute bit does not survive the jar).
 */
public final class FfmpegBinary {

  private static final Logger LOG = LoggerFactory.getLogger(FfmpegBinary.class);
  static final String BUNDLED_RESOURCE = "ws/schild/jave/nativebin/ffmpeg-amd64";
  private static final String BUNDLED_NAME = "ffmpeg-4.4.1-static";

  private FfmpegBinary() {
  }

  /**
   * @param configured an explicit path, if the operator gave one
   * @param unpackDir where the bundled build may be unpacked
   */
  public static Path locate(Optional<String> configured, Path unpackDir) {
    if (configured.isPresent()) {
      Path path = Path.of(configured.get());
      if (!Files.isExecutable(path)) {
        throw new ConfigException("REEL_FFMPEG_PATH: " + path + " is not an executable file");
      }
      return path;
    }
    Optional<Path> onPath = Executables.onPath("ffmpeg");
    if (onPath.isPresent()) {
      return onPath.get();
    }
    return bundled(unpackDir);
  }

  static Path bundled(Path unpackDir) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new ConfigException("no ffmpeg on PATH and the bundled one is for linux-amd64 only "
          + "(this is " + os + "-" + arch + "): install ffmpeg or set REEL_FFMPEG_PATH");
    }
    Path target = unpackDir.resolve(BUNDLED_NAME);
    try (InputStream in = FfmpegBinary.class.getClassLoader()
        .getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new ConfigException("no ffmpeg on PATH and the bundled build is missing from the "
            + "classpath: install ffmpeg or set REEL_FFMPEG_PATH");
      }
      if (Files.isExecutable(target)) {
        return target;
      }
      Files.createDirectories(unpackDir);
      Path partial = Files.createTempFile(unpackDir, BUNDLED_NAME, ".part");
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      if (!partial.toFile().setExecutable(true)) {
        throw new IOException("cannot make " + partial + " executable");
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      LOG.info("no ffmpeg on PATH: using the bundled static ffmpeg 4.4.1");
      return target;
    } catch (IOException e) {
      throw new ConfigException("cannot unpack the bundled ffmpeg into " + unpackDir + ": "
          + e.getMessage());
    }
  }
}
