package dev.reel.transcode.packaging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes the HLS master playlist and the DASH manifest over the same fMP4 segments. Both use
 * URIs relative to the asset's rendition prefix, so they work wherever that prefix is served.
 * Video rungs are listed from the lowest bit rate up; the audio track is one shared rendition.
 */
public final class Manifests {

  static final String AUDIO_GROUP = "audio";

  private Manifests() {
  }

  public static String hlsMaster(List<LandedRendition> renditions) {
    List<LandedRendition> video = videoOf(renditions);
    Optional<LandedRendition> audio = audioOf(renditions);
    StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    if (video.isEmpty()) {
      LandedRendition a = audio.orElseThrow(() -> new IllegalArgumentException("no rendition"));
      m3u8.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(a.peakBandwidth())
          .append(",AVERAGE-BANDWIDTH=").append(a.averageBandwidth())
          .append(",CODECS=\"").append(a.codecs()).append("\"\n")
          .append(a.dir()).append("/index.m3u8\n");
      return m3u8.toString();
    }
    audio.ifPresent(a -> m3u8.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").append(AUDIO_GROUP)
        .append("\",NAME=\"Main\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"").append(a.channels())
        .append("\",URI=\"").append(a.dir()).append("/index.m3u8\"\n"));
    for (LandedRendition v : video) {
      long peak = v.peakBandwidth() + audio.map(LandedRendition::peakBandwidth).orElse(0L);
      long average = v.averageBandwidth()
          + audio.map(LandedRendition::averageBandwidth).orElse(0L);
      String codecs = v.codecs() + audio.map(a -> "," + a.codecs()).orElse("");
      m3u8.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(peak)
          .append(",AVERAGE-BANDWIDTH=").append(average)
          .append(",CODECS=\"").append(codecs).append('"')
          .append(",RESOLUTION=").append(v.width()).append('x').append(v.height())
          .append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", v.frameRate()));
      audio.ifPresent(a -> m3u8.append(",AUDIO=\"").append(AUDIO_GROUP).append('"'));
      m3u8.append('\n').append(v.dir()).append("/index.m3u8\n");
    }
    return m3u8.toString();
  }

  public static String dashMpd(List<LandedRendition> renditions) {
    List<LandedRendition> video = videoOf(renditions);
    Optional<LandedRendition> audio = audioOf(renditions);
    double duration = renditions.stream().mapToDouble(r -> r.playlist().durationSeconds())
        .max().orElse(0);
    double maxSegment = renditions.stream().mapToDouble(r -> r.playlist().maxSegmentSeconds())
        .max().orElse(0);
    StringBuilder mpd = new StringBuilder();
    mpd.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\"")
        .append(" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\"")
        .append(" mediaPresentationDuration=\"").append(isoDuration(duration)).append('"')
        .append(" maxSegmentDuration=\"").append(isoDuration(maxSegment)).append('"')
        .append(" minBufferTime=\"PT2S\">\n")
        .append("  <Period id=\"0\" start=\"PT0S\">\n");
    int id = 0;
    if (!video.isEmpty()) {
      int maxWidth = video.stream().mapToInt(LandedRendition::width).max().orElse(0);
      int maxHeight = video.stream().mapToInt(LandedRendition::height).max().orElse(0);
      mpd.append("    <AdaptationSet id=\"").append(id++).append("\" contentType=\"video\"")
          .append(" mimeType=\"video/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\"")
          .append(" maxWidth=\"").append(maxWidth).append("\" maxHeight=\"").append(maxHeight)
          .append("\" maxFrameRate=\"").append(frameRate(video.get(0).frameRate()))
          .append("\">\n");
      for (LandedRendition v : video) {
        mpd.append("      <Representation id=\"").append(v.name()).append("\" codecs=\"")
            .append(v.codecs()).append("\" bandwidth=\"").append(v.peakBandwidth())
            .append("\" width=\"").append(v.width()).append("\" height=\"").append(v.height())
            .append("\" frameRate=\"").append(frameRate(v.frameRate()))
            .append("\" sar=\"1:1\">\n");
        segmentTemplate(mpd, v);
        mpd.append("      </Representation>\n");
      }
      mpd.append("    </AdaptationSet>\n");
    }
    audio.ifPresent(a -> {
      mpd.append("    <AdaptationSet id=\"").append(video.isEmpty() ? 0 : 1)
          .append("\" contentType=\"audio\" mimeType=\"audio/mp4\" lang=\"und\"")
          .append(" segmentAlignment=\"true\" startWithSAP=\"1\">\n")
          .append("      <AudioChannelConfiguration")
          .append(" schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\"")
          .append(" value=\"").append(a.channels()).append("\"/>\n")
          .append("      <Representation id=\"").append(a.name()).append("\" codecs=\"")
          .append(a.codecs()).append("\" bandwidth=\"").append(a.peakBandwidth())
          .append("\" audioSamplingRate=\"").append(a.sampleRate()).append("\">\n");
      segmentTemplate(mpd, a);
      mpd.append("      </Representation>\n    </AdaptationSet>\n");
    });
    mpd.append("  </Period>\n</MPD>\n");
    return mpd.toString();
  }

  /** A timeline in milliseconds, rounded cumulatively so it never drifts from the media. */
  private static void segmentTemplate(StringBuilder mpd, LandedRendition r) {
    String first = r.playlist().segments().get(0).uri();
    String media = numberTemplate(first);
    int startNumber = segmentNumber(first);
    mpd.append("        <SegmentTemplate timescale=\"1000\" initialization=\"")
        .append(r.dir()).append('/').append(r.playlist().initUri()).append("\" media=\"")
        .append(r.dir()).append('/').append(media).append("\" startNumber=\"")
        .append(startNumber).append("\">\n          <SegmentTimeline>\n");
    List<long[]> runs = new ArrayList<>();
    double elapsed = 0;
    long previousEnd = 0;
    for (MediaPlaylist.Segment segment : r.playlist().segments()) {
      elapsed += segment.durationSeconds();
      long end = Math.round(elapsed * 1000);
      long d = end - previousEnd;
      long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && last[1] == d) {
        last[2]++;
      } else {
        runs.add(new long[] {previousEnd, d, 0});
      }
      previousEnd = end;
    }
    boolean firstRun = true;
    for (long[] run : runs) {
      mpd.append("            <S");
      if (firstRun) {
        mpd.append(" t=\"").append(run[0]).append('"');
        firstRun = false;
      }
      mpd.append(" d=\"").append(run[1]).append('"');
      if (run[2] > 0) {
        mpd.append(" r=\"").append(run[2]).append('"');
      }
      mpd.append("/>\n");
    }
    mpd.append("          </SegmentTimeline>\n        </SegmentTemplate>\n");
  }

  /** {@code seg_00012.m4s} becomes {@code seg_$Number%05d$.m4s}. */
  static String numberTemplate(String uri) {
    int end = uri.lastIndexOf('.');
    int start = end;
    while (start > 0 && Character.isDigit(uri.charAt(start - 1))) {
      start--;
    }
    if (start == end) {
      throw new IllegalArgumentException("segment name without a number: " + uri);
    }
    return uri.substring(0, start) + "$Number%0" + (end - start) + "d$" + uri.substring(end);
  }

  static int segmentNumber(String uri) {
    int end = uri.lastIndexOf('.');
    int start = end;
    while (start > 0 && Character.isDigit(uri.charAt(start - 1))) {
      start--;
    }
    return Integer.parseInt(uri.substring(start, end));
  }

  static String frameRate(double fps) {
    for (int base : new int[] {24, 30, 48, 60, 120}) {
      if (Math.abs(fps - base * 1000.0 / 1001) < 0.01) {
        return (base * 1000) + "/1001";
      }
    }
    if (Math.abs(fps - Math.rint(fps)) < 0.01) {
      return String.valueOf((long) Math.rint(fps));
    }
    return Math.round(fps * 1000) + "/1000";
  }

  static String isoDuration(double seconds) {
    return String.format(Locale.ROOT, "PT%.3fS", seconds);
  }

  private static List<LandedRendition> videoOf(List<LandedRendition> renditions) {
    return renditions.stream().filter(LandedRendition::isVideo)
        .sorted(Comparator.comparingLong(LandedRendition::peakBandwidth)).toList();
  }

  private static Optional<LandedRendition> audioOf(List<LandedRendition> renditions) {
    return renditions.stream().filter(r -> !r.isVideo()).findFirst();
  }
}
