package dev.reel.transcode.ladder;

import dev.reel.transcode.media.MediaProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The renditions one source gets: the profile's rungs that do not upscale it, at its aspect
 * ratio and frame rate, lowest first; and the audio track when it has audio. A source smaller
 * than the lowest rung gets one rung at its own size, so anything with video is watchable.
 */
public record LadderPlan(List<VideoRendition> video, Optional<AudioRendition> audio,
    double durationSeconds, int segmentSeconds, String preset) {

  /** Frames above this rate are halved: players and the rate caps are tuned for up to 60. */
  static final double MAX_FRAME_RATE = 60.0;

  public record VideoRendition(String name, int width, int height, double frameRate,
      boolean halveFrameRate, int maxKbps) {

    /** Encoding work relative to other rungs, for the overall percentage. */
    public double weight() {
      return (double) width * height * frameRate;
    }

    public String dir() {
      return "cmaf/" + name;
    }
  }

  public record AudioRendition(String name, int kbps, int channels, int sampleRate) {

    public String dir() {
      return "cmaf/" + name;
    }
  }

  public static LadderPlan of(MediaProbe probe, LadderProfile profile) {
    List<VideoRendition> video = new ArrayList<>();
    probe.video().ifPresent(stream -> {
      int w = stream.displayWidth();
      int h = stream.displayHeight();
      int shortSide = Math.min(w, h);
      boolean halve = stream.frameRate() > MAX_FRAME_RATE + 0.5;
      double fps = halve ? stream.frameRate() / 2 : stream.frameRate();
      for (LadderProfile.Rung rung : profile.rungs()) {
        if (rung.shortSide() <= shortSide) {
          video.add(scaled(rung.name(), rung.shortSide(), w, h, fps, halve, rung.maxKbps()));
        }
      }
      if (video.isEmpty()) {
        LadderProfile.Rung lowest = profile.rungs().get(profile.rungs().size() - 1);
        int side = Math.max(2, shortSide & ~1);
        int kbps = (int) Math.max(200,
            (long) lowest.maxKbps() * side * side / ((long) lowest.shortSide() * lowest.shortSide()));
        video.add(scaled(side + "p", side, w, h, fps, halve, kbps));
      }
    });
    video.sort((a, b) -> Integer.compare(a.width() * a.height(), b.width() * b.height()));
    Optional<AudioRendition> audio = probe.audio().map(stream -> new AudioRendition("audio",
        profile.audioKbps(), Math.min(2, stream.channels()),
        stream.sampleRate() >= 44100 ? 48000 : stream.sampleRate()));
    return new LadderPlan(List.copyOf(video), audio, probe.durationSeconds(),
        profile.segmentSeconds(), profile.preset());
  }

  private static VideoRendition scaled(String name, int shortSide, int w, int h, double fps,
      boolean halve, int kbps) {
    int width;
    int height;
    if (w >= h) {
      height = shortSide;
      width = even((double) w * shortSide / h);
    } else {
      width = shortSide;
      height = even((double) h * shortSide / w);
    }
    return new VideoRendition(name, width, height, fps, halve, kbps);
  }

  private static int even(double value) {
    return Math.max(2, (int) Math.round(value / 2) * 2);
  }

  /** The first renditions to encode, so the asset is playable early: lowest rung and audio. */
  public Optional<VideoRendition> lowest() {
    return video.isEmpty() ? Optional.empty() : Optional.of(video.get(0));
  }

  public List<VideoRendition> rest() {
    return video.size() <= 1 ? List.of() : video.subList(1, video.size());
  }

  public double totalWeight() {
    return video.stream().mapToDouble(VideoRendition::weight).sum();
  }
}
