package dev.reel.transcode.ladder;

import dev.reel.common.config.ConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ladder to aim for: video rungs named by the length of the frame's shorter side
 * ({@code 720p} is 1280x720 for landscape and 720x1280 for portrait), each with a bit-rate cap,
 * plus the audio bit rate. Written in config as {@code 1080p:5000,720p:3000,480p:1500,360p:800}
 * (kbit/s).
 */
public record LadderProfile(List<Rung> rungs, int audioKbps, int segmentSeconds, String preset) {

  public static final String DEFAULT_RUNGS = "1080p:5000,720p:3000,480p:1500,360p:800";

  private static final Pattern RUNG = Pattern.compile("(\\d{3,4})p:(\\d{2,6})");

  /** One rung: its shorter side in pixels and its peak bit rate cap in kbit/s. */
  public record Rung(String name, int shortSide, int maxKbps) {
  }

  public LadderProfile {
    rungs = rungs.stream().sorted(Comparator.comparingInt(Rung::shortSide).reversed()).toList();
  }

  /** Parses the config form; {@code key} names the setting in error messages. */
  public static List<Rung> parseRungs(String key, String value) {
    List<Rung> rungs = new ArrayList<>();
    for (String part : value.split(",")) {
      Matcher m = RUNG.matcher(part.trim());
      if (!m.matches()) {
        throw new ConfigException(key + " must look like 1080p:5000,720p:3000 (shorter side in "
            + "pixels, then the cap in kbit/s), but has '" + part.trim() + "'");
      }
      int side = Integer.parseInt(m.group(1));
      int kbps = Integer.parseInt(m.group(2));
      if (side < 144 || side > 4320 || side % 2 != 0) {
        throw new ConfigException(key + ": " + side + "p is not an even size from 144 to 4320");
      }
      if (rungs.stream().anyMatch(r -> r.shortSide() == side)) {
        throw new ConfigException(key + ": " + side + "p is listed twice");
      }
      rungs.add(new Rung(side + "p", side, kbps));
    }
    if (rungs.isEmpty()) {
      throw new ConfigException(key + " lists no rung");
    }
    return rungs;
  }
}
