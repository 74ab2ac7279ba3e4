package dev.reel.transcode.mediaconvert;

import dev.reel.transcode.ladder.LadderPlan;
import java.util.Locale;
import software.amazon.awssdk.services.mediaconvert.model.H264CodecLevel;

/**
 * The lowest H.264 level (ITU-T H.264 table A-1) that fits a rendition's frame size, macroblock
 * rate and bit-rate cap. Reel names the level instead of letting MediaConvert pick one, so the
 * RFC 6381 codecs string it reports is known before the job runs rather than read back from
 * the media. Level 3 is the floor: every player that plays HLS or DASH decodes it.
 */
enum H264Level {
  LEVEL_3(30, 40_500, 1_620, 10_000, H264CodecLevel.LEVEL_3),
  LEVEL_3_1(31, 108_000, 3_600, 14_000, H264CodecLevel.LEVEL_3_1),
  LEVEL_3_2(32, 216_000, 5_120, 20_000, H264CodecLevel.LEVEL_3_2),
  LEVEL_4(40, 245_760, 8_192, 20_000, H264CodecLevel.LEVEL_4),
  LEVEL_4_1(41, 245_760, 8_192, 50_000, H264CodecLevel.LEVEL_4_1),
  LEVEL_4_2(42, 522_240, 8_704, 50_000, H264CodecLevel.LEVEL_4_2),
  LEVEL_5(50, 589_824, 22_080, 135_000, H264CodecLevel.LEVEL_5),
  LEVEL_5_1(51, 983_040, 36_864, 240_000, H264CodecLevel.LEVEL_5_1),
  LEVEL_5_2(52, 2_073_600, 36_864, 240_000, H264CodecLevel.LEVEL_5_2);

  /** High profile may use 1.25 times the level's MaxBR and MaxCPB (table A-2). */
  private static final double HIGH_PROFILE_FACTOR = 1.25;
  private static final double UNKNOWN_RATE_AS = 60;

  private final int idc;
  private final long maxMacroblocksPerSecond;
  private final int maxFrameMacroblocks;
  private final int maxKbps;
  private final H264CodecLevel sdkLevel;

  H264Level(int idc, long maxMacroblocksPerSecond, int maxFrameMacroblocks, int maxKbps,
      H264CodecLevel sdkLevel) {
    this.idc = idc;
    this.maxMacroblocksPerSecond = maxMacroblocksPerSecond;
    this.maxFrameMacroblocks = maxFrameMacroblocks;
    this.maxKbps = maxKbps;
    this.sdkLevel = sdkLevel;
  }

  /**
   * The level for a rendition whose HRD buffer is {@code bufferFactor} times its cap; past 5.2
   * (frames above 4096x2304, which MediaConvert's H.264 does not encode) it stays at 5.2 and
   * MediaConvert rejects the job.
   */
  static H264Level of(LadderPlan.VideoRendition rendition, int bufferFactor) {
    long frame = (long) ((rendition.width() + 15) / 16) * ((rendition.height() + 15) / 16);
    // An unknown rate is planned as the highest the ladder keeps, so the level never falls short.
    double fps = rendition.frameRate() > 0 ? rendition.frameRate() : UNKNOWN_RATE_AS;
    double rate = frame * fps;
    for (H264Level level : values()) {
      double cap = level.maxKbps * HIGH_PROFILE_FACTOR;
      if (frame <= level.maxFrameMacroblocks && rate <= level.maxMacroblocksPerSecond
          && rendition.maxKbps() <= cap && (long) rendition.maxKbps() * bufferFactor <= cap) {
        return level;
      }
    }
    return LEVEL_5_2;
  }

  H264CodecLevel sdkLevel() {
    return sdkLevel;
  }

  /** The RFC 6381 codecs value of a High profile stream at this level, e.g. avc1.64001f. */
  String codecs() {
    return String.format(Locale.ROOT, "avc1.6400%02x", idc);
  }
}
