package dev.reel.platform.it;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Upload bodies for tests. Ingest accepts only recognised media, so test bytes start like an MP4
 * (an {@code ftyp} box) and are random after that, which is all the sniffing looks at.
 */
public final class TestMedia {

  private static final byte[] FTYP = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm',
      0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '2'};

  private TestMedia() {
  }

  /** {@code size} bytes that sniff as video/mp4, the same for the same seed. */
  public static byte[] mp4(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    System.arraycopy(FTYP, 0, bytes, 0, Math.min(FTYP.length, size));
    return bytes;
  }

  /** Bytes that are no media format at all. */
  public static byte[] text(int size) {
    return "this is not media. ".repeat(size / 19 + 1).substring(0, size)
        .getBytes(StandardCharsets.US_ASCII);
  }
}
