package dev.reel.transcode.packaging;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an HLS media playlist that the master playlist and the DASH manifest need: the
 * initialisation segment and every media segment with its duration.
 */
public record MediaPlaylist(String initUri, List<Segment> segments) {

  public record Segment(String uri, double durationSeconds) {
  }

  public static MediaPlaylist parse(String text) {
    String init = null;
    List<Segment> segments = new ArrayList<>();
    double pending = Double.NaN;
    boolean ended = false;
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (line.startsWith("#EXT-X-MAP:")) {
        int start = line.indexOf("URI=\"");
        if (start >= 0) {
          int end = line.indexOf('"', start + 5);
          init = line.substring(start + 5, end);
        }
      } else if (line.startsWith("#EXTINF:")) {
        String value = line.substring("#EXTINF:".length());
        int comma = value.indexOf(',');
        pending = Double.parseDouble(comma >= 0 ? value.substring(0, comma) : value);
      } else if (line.equals("#EXT-X-ENDLIST")) {
        ended = true;
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        if (Double.isNaN(pending)) {
          throw new IllegalArgumentException("segment " + line + " has no #EXTINF");
        }
        segments.add(new Segment(line, pending));
        pending = Double.NaN;
      }
    }
    if (init == null || segments.isEmpty() || !ended) {
      throw new IllegalArgumentException("not a finished fMP4 VOD playlist");
    }
    return new MediaPlaylist(init, List.copyOf(segments));
  }

  public double durationSeconds() {
    return segments.stream().mapToDouble(Segment::durationSeconds).sum();
  }

  public double maxSegmentSeconds() {
    return segments.stream().mapToDouble(Segment::durationSeconds).max().orElse(0);
  }
}
