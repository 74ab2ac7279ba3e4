package dev.reel.ingest.domain;

/**
 * MPEG audio (MP3, MP2) and ADTS (AAC) frame headers, read far enough to tell where the next
 * frame starts. A file of these has no magic number, only a 12-bit frame sync at each frame, so
 * one header is weak evidence; a second header exactly where the first frame ends is strong.
 */
final class AudioFrames {

  /** Kilobits per second by bitrate index 1-14: MPEG-1 layers I, II, III; MPEG-2/2.5 I; II-III. */
  private static final int[][] BITRATES = {
      {32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
      {32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
      {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
      {32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
      {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}};
  private static final int[] MPEG1_SAMPLE_RATES = {44100, 48000, 32000};
  private static final int ADTS_HEADER = 7;

  private AudioFrames() {
  }

  /**
   * Whether {@code head} starts with an MPEG audio frame followed by another of the same
   * version, layer and sample rate.
   */
  static boolean mpegAudioChain(byte[] head) {
    int length = mpegAudioFrameLength(head, 0);
    return length > 0 && mpegAudioFrameLength(head, length) > 0
        && (head[length + 1] & 0xFE) == (head[1] & 0xFE)
        && (head[length + 2] & 0x0C) == (head[2] & 0x0C);
  }

  /** Whether {@code head} starts with an ADTS frame followed by another of the same sample rate. */
  static boolean adtsChain(byte[] head) {
    int length = adtsFrameLength(head, 0);
    return length > 0 && adtsFrameLength(head, length) > 0
        && (head[length + 2] & 0x3C) == (head[2] & 0x3C);
  }

  /** The length of the MPEG audio frame whose header is at {@code at}, or -1 if there is none. */
  private static int mpegAudioFrameLength(byte[] head, int at) {
    if (head.length < at + 4 || (head[at] & 0xFF) != 0xFF || (head[at + 1] & 0xE0) != 0xE0) {
      return -1;
    }
    int version = (head[at + 1] >> 3) & 3;
    int layer = 4 - ((head[at + 1] >> 1) & 3);
    int bitrateIndex = (head[at + 2] >> 4) & 0x0F;
    int rateIndex = (head[at + 2] >> 2) & 3;
    // Version 01 and layer bits 00 are reserved; bitrate index 0 is free format (no length in
    // the header), 15 is forbidden; sample rate index 3 is reserved.
    if (version == 1 || layer == 4 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
      return -1;
    }
    boolean mpeg1 = version == 3;
    int bitrate = 1000 * BITRATES[mpeg1 ? layer - 1 : layer == 1 ? 3 : 4][bitrateIndex - 1];
    int sampleRate = MPEG1_SAMPLE_RATES[rateIndex] >> (mpeg1 ? 0 : version == 2 ? 1 : 2);
    int padding = (head[at + 2] >> 1) & 1;
    if (layer == 1) {
      return (12 * bitrate / sampleRate + padding) * 4;
    }
    return (layer == 3 && !mpeg1 ? 72 : 144) * bitrate / sampleRate + padding;
  }

  /** The length of the ADTS frame whose header is at {@code at}, or -1 if there is none. */
  private static int adtsFrameLength(byte[] head, int at) {
    if (head.length < at + ADTS_HEADER || (head[at] & 0xFF) != 0xFF
        || (head[at + 1] & 0xF6) != 0xF0) {
      return -1;
    }
    int length = (head[at + 3] & 0x03) << 11 | (head[at + 4] & 0xFF) << 3
        | (head[at + 5] & 0xFF) >> 5;
    return length >= ADTS_HEADER ? length : -1;
  }
}
