package dev.reel.transcode.packaging;

import dev.reel.common.event.Rendition;
import java.util.List;

/**
 * A rendition whose files are on local disk and known in detail: what the manifests are built
 * from. {@code segmentBytes} lines up with the playlist's segments.
 */
public record LandedRendition(
    String name,
    String type,
    int width,
    int height,
    double frameRate,
    int channels,
    int sampleRate,
    String codecs,
    MediaPlaylist playlist,
    List<Long> segmentBytes) {

  public boolean isVideo() {
    return Rendition.VIDEO.equals(type);
  }

  public String dir() {
    return "cmaf/" + name;
  }

  /** The highest bit rate of any one segment, in bit/s: HLS's BANDWIDTH. */
  public long peakBandwidth() {
    long peak = 0;
    for (int i = 0; i < segmentBytes.size(); i++) {
      double seconds = playlist.segments().get(i).durationSeconds();
      if (seconds > 0) {
        peak = Math.max(peak, Math.round(segmentBytes.get(i) * 8 / seconds));
      }
    }
    return peak;
  }

  /** Bits over the whole rendition per second of it: HLS's AVERAGE-BANDWIDTH. */
  public long averageBandwidth() {
    long total = segmentBytes.stream().mapToLong(Long::longValue).sum();
    double seconds = playlist.durationSeconds();
    return seconds > 0 ? Math.round(total * 8 / seconds) : 0;
  }

  public Rendition toEvent(String assetPrefix) {
    return new Rendition(name, type, width, height, frameRate, peakBandwidth(),
        averageBandwidth(), codecs, assetPrefix + dir() + "/index.m3u8");
  }
}
