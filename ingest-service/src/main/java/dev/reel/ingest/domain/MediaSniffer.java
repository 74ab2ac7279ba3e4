package dev.reel.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Recognises media by its first bytes (magic numbers), not by what the client claims. Needs at
 * most {@link #BYTES_NEEDED} bytes; fewer are fine for a short upload.
 */
public final class MediaSniffer {

  /** Two MPEG-TS packets: enough to see the second sync byte. */
  public static final int BYTES_NEEDED = 189;

  private MediaSniffer() {
  }

  public static Optional<MediaFormat> sniff(byte[] head) {
    if (startsWith(head, 4, "ftyp")) {
      return Optional.of(startsWith(head, 8, "qt  ") ? MediaFormat.QUICKTIME : MediaFormat.MP4);
    }
    if (startsWith(head, 4, "moov") || startsWith(head, 4, "mdat") || startsWith(head, 4, "wide")
        || startsWith(head, 4, "free") || startsWith(head, 4, "skip")) {
      return Optional.of(MediaFormat.QUICKTIME);
    }
    if (startsWith(head, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
      return Optional.of(contains(head, "webm") ? MediaFormat.WEBM : MediaFormat.MATROSKA);
    }
    if (head.length > 0 && (head[0] & 0xFF) == 0x47
        && (head.length < 189 ? head.length >= 4 : (head[188] & 0xFF) == 0x47)) {
      return Optional.of(MediaFormat.MPEG_TS);
    }
    if (startsWith(head, 0, "RIFF") && startsWith(head, 8, "WAVE")) {
      return Optional.of(MediaFormat.WAV);
    }
    if (startsWith(head, 0, "ID3")) {
      return Optional.of(MediaFormat.MP3);
    }
    if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(MediaFormat.JPEG);
    }
    if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(MediaFormat.PNG);
    }
    if (head.length >= 2 && (head[0] & 0xFF) == 0xFF) {
      int second = head[1] & 0xFF;
      // ADTS: sync 0xFFF, layer bits 00. MPEG audio: sync 0xFFE, layer bits not 00.
      if ((second & 0xF6) == 0xF0) {
        return Optional.of(MediaFormat.AAC);
      }
      if ((second & 0xE0) == 0xE0 && (second & 0x06) != 0) {
        return Optional.of(MediaFormat.MP3);
      }
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] head, int offset, String ascii) {
    byte[] expected = ascii.getBytes(StandardCharsets.ISO_8859_1);
    if (head.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (head[offset + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] head, int offset, int... expected) {
    if (head.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((head[offset + i] & 0xFF) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(byte[] head, String ascii) {
    return new String(head, StandardCharsets.ISO_8859_1).contains(ascii);
  }
}
