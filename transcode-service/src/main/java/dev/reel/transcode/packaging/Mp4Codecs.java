package dev.reel.transcode.packaging;

import java.util.HexFormat;
import java.util.Locale;

/**
 * Reads the RFC 6381 codecs string of a track from its fMP4 initialisation segment, so the
 * manifests say exactly what the encoder produced (profile and level included).
 */
public final class Mp4Codecs {

  private Mp4Codecs() {
  }

  public static String of(byte[] init) {
    int avcC = find(init, "avcC");
    if (avcC >= 0 && avcC + 8 <= init.length) {
      // configurationVersion, then AVCProfileIndication, profile_compatibility, level
      return "avc1." + HexFormat.of().formatHex(init, avcC + 5, avcC + 8);
    }
    int esds = find(init, "esds");
    if (esds >= 0) {
      return "mp4a." + audioObject(init, esds + 8);
    }
    throw new IllegalArgumentException("neither an avcC nor an esds box in the init segment");
  }

  /** Walks the ES descriptor to the decoder config: object type and, for AAC, the profile. */
  private static String audioObject(byte[] b, int pos) {
    int end = b.length;
    while (pos < end) {
      int tag = b[pos++] & 0xff;
      int length = 0;
      for (int i = 0; i < 4 && pos < end; i++) {
        int next = b[pos++] & 0xff;
        length = (length << 7) | (next & 0x7f);
        if ((next & 0x80) == 0) {
          break;
        }
      }
      switch (tag) {
        case 0x03 -> {
          int flags = b[pos + 2] & 0xff;
          pos += 3;
          if ((flags & 0x80) != 0) {
            pos += 2;
          }
          if ((flags & 0x40) != 0) {
            pos += 1 + (b[pos] & 0xff);
          }
          if ((flags & 0x20) != 0) {
            pos += 2;
          }
        }
        case 0x04 -> {
          int objectType = b[pos] & 0xff;
          String oti = String.format(Locale.ROOT, "%02x", objectType);
          int inner = pos + 13;
          if (objectType == 0x40 && inner + 2 < end && (b[inner] & 0xff) == 0x05) {
            int dsi = inner + 1;
            while ((b[dsi] & 0x80) != 0) {
              dsi++;
            }
            dsi++;
            int audioObjectType = (b[dsi] & 0xff) >> 3;
            return "40." + audioObjectType;
          }
          return oti;
        }
        default -> pos += length;
      }
    }
    throw new IllegalArgumentException("esds box without a decoder config");
  }

  private static int find(byte[] data, String fourcc) {
    byte[] needle = fourcc.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    outer:
    for (int i = 4; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
