package dev.reel.ingest.tus;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * SHA-256 (FIPS 180-4) whose running state can be written down and picked up again, which
 * {@link java.security.MessageDigest} cannot do. A tus upload spans many requests and maybe
 * several ingest processes; keeping the digest state with the upload's state lets completion
 * announce the SHA-256 of the whole file without reading it back from S3 (for a 5 TB upload that
 * read would take hours). The state is the eight chaining words, the byte count, and the last
 * partial 64-byte block.
 */
public final class ResumableSha256 {

  private static final int[] K = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
      0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
      0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
      0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
      0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
      0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
      0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
      0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
      0xc67178f2};
  private static final int[] INITIAL = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  private static final String VERSION = "sha256v1";

  private final int[] h;
  private final byte[] block = new byte[64];
  private final int[] w = new int[64];
  private int blockLength;
  private long byteCount;

  public ResumableSha256() {
    this.h = INITIAL.clone();
  }

  private ResumableSha256(int[] h, long byteCount, byte[] partial) {
    this.h = h;
    this.byteCount = byteCount;
    this.blockLength = partial.length;
    System.arraycopy(partial, 0, block, 0, partial.length);
  }

  /** The digest of nothing yet, as a state string. */
  public static String initialState() {
    return new ResumableSha256().state();
  }

  /** Picks up a digest from {@link #state()}. */
  public static ResumableSha256 fromState(String state) {
    String[] fields = state.split(":", -1);
    if (fields.length != 4 || !fields[0].equals(VERSION) || fields[1].length() != 64) {
      throw new IllegalArgumentException("not a SHA-256 state: '" + state + "'");
    }
    byte[] words = HexFormat.of().parseHex(fields[1]);
    int[] h = new int[8];
    for (int i = 0; i < 8; i++) {
      h[i] = readInt(words, i * 4);
    }
    long byteCount = Long.parseLong(fields[2]);
    byte[] partial = Base64.getDecoder().decode(fields[3]);
    if (byteCount < 0 || partial.length >= 64 || byteCount % 64 != partial.length) {
      throw new IllegalArgumentException("inconsistent SHA-256 state: '" + state + "'");
    }
    return new ResumableSha256(h, byteCount, partial);
  }

  /** The running state as a short string: {@code sha256v1:<words>:<count>:<partial block>}. */
  public String state() {
    byte[] words = new byte[32];
    for (int i = 0; i < 8; i++) {
      writeInt(words, i * 4, h[i]);
    }
    return VERSION + ":" + HexFormat.of().formatHex(words) + ":" + byteCount + ":"
        + Base64.getEncoder().encodeToString(Arrays.copyOf(block, blockLength));
  }

  /** How many bytes went in so far. */
  public long byteCount() {
    return byteCount;
  }

  public void update(byte[] data) {
    update(data, 0, data.length);
  }

  public void update(byte[] data, int offset, int length) {
    byteCount += length;
    int position = offset;
    int end = offset + length;
    if (blockLength > 0) {
      int take = Math.min(64 - blockLength, length);
      System.arraycopy(data, position, block, blockLength, take);
      blockLength += take;
      position += take;
      if (blockLength < 64) {
        return;
      }
      compress(block, 0);
      blockLength = 0;
    }
    while (end - position >= 64) {
      compress(data, position);
      position += 64;
    }
    blockLength = end - position;
    System.arraycopy(data, position, block, 0, blockLength);
  }

  /**
   * Adds the bytes from the buffer's position to its limit, leaving the position at the limit.
   * Reads a direct buffer in place, without copying it to the heap first.
   */
  public void update(ByteBuffer data) {
    int length = data.remaining();
    byteCount += length;
    if (blockLength > 0) {
      int take = Math.min(64 - blockLength, length);
      data.get(block, blockLength, take);
      blockLength += take;
      if (blockLength < 64) {
        return;
      }
      compress(block, 0);
      blockLength = 0;
    }
    boolean bigEndian = data.order() == ByteOrder.BIG_ENDIAN;
    int position = data.position();
    while (data.limit() - position >= 64) {
      for (int t = 0; t < 16; t++) {
        int word = data.getInt(position + t * 4);
        w[t] = bigEndian ? word : Integer.reverseBytes(word);
      }
      compressWords();
      position += 64;
    }
    data.position(position);
    blockLength = data.remaining();
    data.get(block, 0, blockLength);
  }

  /** The hex digest of everything so far; this digest can go on being updated. */
  public String hexDigest() {
    ResumableSha256 copy = new ResumableSha256(h.clone(), byteCount,
        Arrays.copyOf(block, blockLength));
    long bits = byteCount * 8;
    byte[] padding = new byte[(blockLength < 56 ? 56 : 120) - blockLength + 8];
    padding[0] = (byte) 0x80;
    for (int i = 0; i < 8; i++) {
      padding[padding.length - 1 - i] = (byte) (bits >>> (8 * i));
    }
    copy.update(padding, 0, padding.length);
    byte[] digest = new byte[32];
    for (int i = 0; i < 8; i++) {
      writeInt(digest, i * 4, copy.h[i]);
    }
    return HexFormat.of().formatHex(digest);
  }

  private void compress(byte[] data, int offset) {
    for (int t = 0; t < 16; t++) {
      w[t] = readInt(data, offset + t * 4);
    }
    compressWords();
  }

  /** One block, whose 16 words are already in {@code w[0..15]}. */
  private void compressWords() {
    for (int t = 16; t < 64; t++) {
      int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18)
          ^ (w[t - 15] >>> 3);
      int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19)
          ^ (w[t - 2] >>> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    int a = h[0];
    int b = h[1];
    int c = h[2];
    int d = h[3];
    int e = h[4];
    int f = h[5];
    int g = h[6];
    int hh = h[7];
    for (int t = 0; t < 64; t++) {
      int sum1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11)
          ^ Integer.rotateRight(e, 25);
      int choose = (e & f) ^ (~e & g);
      int temp1 = hh + sum1 + choose + K[t] + w[t];
      int sum0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13)
          ^ Integer.rotateRight(a, 22);
      int majority = (a & b) ^ (a & c) ^ (b & c);
      int temp2 = sum0 + majority;
      hh = g;
      g = f;
      f = e;
      e = d + temp1;
      d = c;
      c = b;
      b = a;
      a = temp1 + temp2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }

  private static int readInt(byte[] bytes, int offset) {
    return (bytes[offset] & 0xff) << 24 | (bytes[offset + 1] & 0xff) << 16
        | (bytes[offset + 2] & 0xff) << 8 | (bytes[offset + 3] & 0xff);
  }

  private static void writeInt(byte[] bytes, int offset, int value) {
    bytes[offset] = (byte) (value >>> 24);
    bytes[offset + 1] = (byte) (value >>> 16);
    bytes[offset + 2] = (byte) (value >>> 8);
    bytes[offset + 3] = (byte) value;
  }
}
