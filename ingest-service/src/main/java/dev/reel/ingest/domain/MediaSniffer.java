package dev.reel.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Recognises media by its first bytes (magic numbers), not by what the client claims. Needs at
 * most {@link #BYTES_NEEDED} bytes; fewer are fine for a short upload.
 *
 * <p>The fixed magic numbers are looked for first, since they do not occur by chance. MP3 and
 * AAC have none, only a 12-bit sync at each frame: two frames in a row come next, since a CBR
 * stream of identical frames (a test tone, silence) can hold a run of 0x47 one transport stream
 * packet apart (64 kbit/s at 48 kHz makes 192-byte frames). Then a transport stream, then a
 * single frame sync, last: a transport stream cut mid-packet often starts with one (adaptation
 * field stuffing is 0xFF).
 */
public final class MediaSniffer {

  /**
   * Transport stream packet sizes, as ffmpeg reads them: 188; 192 in M2TS/BDAV (Blu-ray, AVCHD
   * camcorders), a 4-byte timestamp before each packet; 204 from DVB capture cards, 16 bytes of
   * Reed-Solomon parity after each.
   */
  private static final int[] TS_PACKET_SIZES = {188, 192, 204};
  private static final int TS_LARGEST_PACKET = 204;
  private static final int TS_SYNC = 0x47;
  /**
   * Sync bytes in a row, one packet apart, that make a transport stream. Looked for at every
   * offset of the first packet (584 tries over the three sizes), two would match random bytes in
   * about one upload of 110; five, each with a valid fourth header byte, in about one of eight
   * billion. ffmpeg's probe scores every offset of the first 2 KiB and wants about seven; five
   * keep the head this reads near 1 KiB.
   */
  private static final int TS_SYNC_RUN = 5;

  /**
   * Enough for a run of {@link #TS_SYNC_RUN} transport stream packets of the largest size that
   * starts on the first packet's last byte, and the fourth header byte of its last packet.
   */
  public static final int BYTES_NEEDED = TS_LARGEST_PACKET - 1
      + (TS_SYNC_RUN - 1) * TS_LARGEST_PACKET + 4;

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
      return Optional.of(isWebm(head) ? MediaFormat.WEBM : MediaFormat.MATROSKA);
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
    if (AudioFrames.mpegAudioChain(head)) {
      return Optional.of(MediaFormat.MP3);
    }
    if (AudioFrames.adtsChain(head)) {
      return Optional.of(MediaFormat.AAC);
    }
    if (isTransportStream(head)) {
      return Optional.of(MediaFormat.MPEG_TS);
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

  /**
   * Whether a run of sync bytes one packet apart starts anywhere in the first packet, at one of
   * the packet sizes: a stream cut out of a capture (or resumed from the middle of one) need
   * not start on a packet boundary, and ffmpeg reads it all the same.
   */
  private static boolean isTransportStream(byte[] head) {
    for (int packetSize : TS_PACKET_SIZES) {
      for (int first = 0; first < packetSize; first++) {
        if (syncRun(head, first, packetSize)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether each of {@link #TS_SYNC_RUN} packets from {@code first} starts with the sync byte
   * and a valid adaptation_field_control (the fourth header byte's bits 5-4; 00 is reserved,
   * and ffmpeg's probe does not count a sync byte followed by it either).
   */
  private static boolean syncRun(byte[] head, int first, int packetSize) {
    int last = first + (TS_SYNC_RUN - 1) * packetSize;
    if (head.length < last + 4) {
      return false;
    }
    for (int at = first; at <= last; at += packetSize) {
      if ((head[at] & 0xFF) != TS_SYNC || (head[at + 3] & 0x30) == 0) {
        return false;
      }
    }
    return true;
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

  /**
   * Whether the EBML header (the element at byte 0, which holds the DocType) says webm. Only the
   * header is searched: a title or tag after it, well within the head, may say webm of a
   * Matroska file.
   */
  private static boolean isWebm(byte[] head) {
    int end = head.length;
    if (head.length > 4 && head[4] != 0) {
      // The header's size is an EBML variable-length integer: its leading zeros, plus one, are
      // its length in bytes.
      int sizeLength = Integer.numberOfLeadingZeros(head[4] & 0xFF) - 23;
      if (head.length >= 4 + sizeLength) {
        long size = head[4] & (0xFF >> sizeLength);
        for (int i = 5; i < 4 + sizeLength; i++) {
          size = size << 8 | (head[i] & 0xFF);
        }
        end = (int) Math.min(head.length, 4 + sizeLength + size);
      }
    }
    return new String(head, 0, end, StandardCharsets.ISO_8859_1).contains("webm");
  }
}
