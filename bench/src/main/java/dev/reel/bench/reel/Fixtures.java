package dev.reel.bench.reel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test data: files of random bytes (incompressible, like media), generated once under the work
 * directory and kept between runs, and the 64 MiB asset both range scenarios read, uploaded to
 * Reel once per run.
 *
 * <p>Every file starts with an MP4 {@code ftyp} box: ingest sniffs the first bytes and refuses
 * what is not media. Past the header the bytes are random, so a transcoder gives up on them at
 * the probe instead of loading the CPU while the benchmark runs.
 */
public final class Fixtures {

  private static final Logger LOG = LoggerFactory.getLogger(Fixtures.class);
  public static final long MEDIA_SIZE = 64L * 1024 * 1024;
  /** ftyp box, 24 bytes: major brand isom, minor version 0x200, compatible isom and mp41. */
  static final byte[] MP4_HEAD = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm',
      0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'};

  private final Path filesDir;
  private final ReelClient reel;
  private Media media;

  /** The 64 MiB file as a local file and as a Reel asset. */
  public record Media(Path file, long size, String assetId) {

    /** The name under which nginx serves the same bytes. */
    public String fileName() {
      return file.getFileName().toString();
    }
  }

  public Fixtures(Path filesDir, ReelClient reel) {
    this.filesDir = filesDir;
    this.reel = reel;
  }

  public Path filesDir() {
    return filesDir;
  }

  /** The 64 MiB asset, uploaded on first use and verified by size and sha256. */
  public synchronized Media media() throws IOException, InterruptedException {
    if (media == null) {
      Path file = randomFile("media-64m.bin", MEDIA_SIZE);
      Uploaded uploaded = reel.upload(file, "video/mp4");
      String sha256 = sha256(file);
      if (uploaded.size() != MEDIA_SIZE || !uploaded.sha256().equals(sha256)) {
        throw new IllegalStateException("Reel stored " + uploaded + " for a " + MEDIA_SIZE
            + "-byte file with sha256 " + sha256);
      }
      LOG.info("uploaded the 64 MiB media file as asset {}", uploaded.assetId());
      media = new Media(file, MEDIA_SIZE, uploaded.assetId());
    }
    return media;
  }

  /** A file of {@code size} random bytes, reused if one of that size is already there. */
  public Path randomFile(String name, long size) {
    Path file = filesDir.resolve(name);
    try {
      if (Files.isRegularFile(file) && Files.size(file) == size && hasMp4Head(file)) {
        return file;
      }
      Files.createDirectories(filesDir);
      LOG.info("writing {} MiB of random bytes to {}", size >> 20, file);
      Path partial = filesDir.resolve(name + ".partial");
      byte[] chunk = new byte[8 * 1024 * 1024];
      try (OutputStream out = Files.newOutputStream(partial)) {
        for (long left = size; left > 0; left -= chunk.length) {
          ThreadLocalRandom.current().nextBytes(chunk);
          if (left == size) {
            System.arraycopy(MP4_HEAD, 0, chunk, 0, MP4_HEAD.length);
          }
          out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
      }
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** {@code size} random bytes behind an MP4 header (size must be at least 24). */
  public static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    ThreadLocalRandom.current().nextBytes(bytes);
    System.arraycopy(MP4_HEAD, 0, bytes, 0, MP4_HEAD.length);
    return bytes;
  }

  private static boolean hasMp4Head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(MP4_HEAD.length), MP4_HEAD);
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
