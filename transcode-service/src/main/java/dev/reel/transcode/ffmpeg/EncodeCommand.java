package dev.reel.transcode.ffmpeg;

import dev.reel.transcode.ladder.LadderPlan;
import dev.reel.transcode.media.MediaProbe;
import dev.reel.transcode.packaging.Storyboard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds one ffmpeg invocation that decodes the source once and writes several renditions, each
 * as fMP4 (CMAF) segments with a VOD media playlist, and optionally the poster and storyboard.
 * Keyframes are forced on the same clock in every rung and scene-cut keyframes are off, so
 * segment boundaries line up across rungs and across separate invocations.
 */
public final class EncodeCommand {

  private final Path source;
  private final Path outDir;
  private final LadderPlan plan;
  private final List<LadderPlan.VideoRendition> video = new ArrayList<>();
  private Optional<LadderPlan.AudioRendition> audio = Optional.empty();
  private double audioStartSeconds;
  private Optional<Storyboard> storyboard = Optional.empty();
  private boolean poster;
  private String videoInput = "0:v:0";
  private String audioInput = "0:a:0";

  public EncodeCommand(Path source, Path outDir, LadderPlan plan) {
    this.source = source;
    this.outDir = outDir;
    this.plan = plan;
  }

  /**
   * What the probe learnt of the source. Which of its streams to read, as ffmpeg stream
   * specifiers: by default its first video and first audio stream, which in a transport stream
   * of several programs may be the picture of one and the sound of another. And when its sound
   * starts on its timeline ({@link MediaProbe.AudioStream#startSeconds()}).
   *
   * <p>ffmpeg's timeline for a source starts at its earliest stream, and each output keeps where
   * its track starts on it. Sound that starts later (a camera's or a phone's, 178 ms after the
   * first frame) was written with that delay as an empty edit ahead of the priming's edit: a
   * two-entry edit list, which Chromium's MSE ignores whole, so hls.js played the sound 134 ms
   * early while ffmpeg read it 133 ms late. Late sound is filled in with silence from 0 instead
   * (aresample's {@code first_pts=0}; {@code async=1} is what lets it fill): the track has one
   * edit, the priming, and the sound stays where it was against the video. Only late sound:
   * ffmpeg builds {@code -af} anew when the audio's format changes mid-stream (a capture whose
   * channels or rate change), and {@code first_pts=0} would then fill from 0 again, seconds of
   * silence and timestamps going back; {@code async=1} also fills gaps of over 100 ms later on.
   * Video that starts late needs nothing: an HLS output has a constant frame rate, so ffmpeg
   * repeats the first frame from 0 until it.
   */
  public EncodeCommand inputs(MediaProbe probe) {
    probe.video().ifPresent(v -> videoInput = v.specifier());
    probe.audio().ifPresent(a -> {
      audioInput = a.specifier();
      audioStartSeconds = a.startSeconds();
    });
    return this;
  }

  public EncodeCommand video(List<LadderPlan.VideoRendition> renditions) {
    video.addAll(renditions);
    return this;
  }

  /** The audio rendition, if this command writes it. */
  public EncodeCommand audio(Optional<LadderPlan.AudioRendition> rendition) {
    audio = rendition;
    return this;
  }

  /**
   * Whether audio starting this far into the source is filled in with silence: past a
   * millisecond, which is where aresample's own compensation begins.
   */
  public static boolean startsLate(double audioStartSeconds) {
    return audioStartSeconds > 0.001;
  }

  public EncodeCommand thumbnails(Storyboard board) {
    poster = true;
    storyboard = Optional.of(board);
    return this;
  }

  /** Where the outputs go; their storage keys are their paths below it. */
  public Path outputDir() {
    return outDir;
  }

  /** The job's scratch directory, which holds the source and the outputs. */
  public Path workDir() {
    return source.getParent();
  }

  public boolean isEmpty() {
    return video.isEmpty() && audio.isEmpty() && !poster;
  }

  public List<String> args() {
    List<String> args = new ArrayList<>(List.of("-y", "-loglevel", "error", "-i",
        source.toString()));
    List<String> branches = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < video.size(); i++) {
      LadderPlan.VideoRendition r = video.get(i);
      String chain = "scale=" + r.width() + ":" + r.height() + ":flags=bicubic,setsar=1"
          + (r.halveFrameRate() ? ",fps=" + fmt(r.frameRate()) : "") + ",format=yuv420p";
      branches.add(chain);
      labels.add("v" + i);
    }
    if (poster) {
      double at = Math.min(plan.durationSeconds() * 0.1, 5.0);
      LadderPlan.VideoRendition big = video.isEmpty() ? null : video.get(video.size() - 1);
      String size = posterSize(big);
      branches.add("trim=start=" + fmt(at) + ",setpts=PTS-STARTPTS,scale=" + size
          + ",setsar=1");
      labels.add("poster");
    }
    storyboard.ifPresent(board -> {
      branches.add(board.filter());
      labels.add("storyboard");
    });
    if (!branches.isEmpty()) {
      StringBuilder graph = new StringBuilder("[" + videoInput + "]");
      if (branches.size() == 1) {
        graph.append(branches.get(0)).append('[').append(labels.get(0)).append(']');
      } else {
        graph.append("split=").append(branches.size());
        for (int i = 0; i < branches.size(); i++) {
          graph.append("[s").append(i).append(']');
        }
        for (int i = 0; i < branches.size(); i++) {
          graph.append(";[s").append(i).append(']').append(branches.get(i))
              .append('[').append(labels.get(i)).append(']');
        }
      }
      args.add("-filter_complex");
      args.add(graph.toString());
    }
    for (int i = 0; i < video.size(); i++) {
      LadderPlan.VideoRendition r = video.get(i);
      args.addAll(List.of("-map", "[v" + i + "]", "-an", "-sn", "-dn",
          "-c:v", "libx264", "-preset", plan.preset(), "-profile:v", "high",
          "-crf", "23", "-maxrate", r.maxKbps() + "k", "-bufsize", (2 * r.maxKbps()) + "k",
          "-force_key_frames", "expr:gte(t,n_forced*" + keyframeSeconds() + ")",
          "-sc_threshold", "0", "-x264-params", "open_gop=0"));
      args.addAll(hls(r.dir()));
    }
    audio.ifPresent(a -> {
      args.addAll(List.of("-map", audioInput, "-vn", "-sn", "-dn"));
      if (startsLate(audioStartSeconds)) {
        args.addAll(List.of("-af", "aresample=async=1:first_pts=0"));
      }
      args.addAll(List.of("-c:a", "aac", "-b:a", a.kbps() + "k",
          "-ac", String.valueOf(a.channels()), "-ar", String.valueOf(a.sampleRate())));
      args.addAll(hls(a.dir()));
    });
    if (poster) {
      args.addAll(List.of("-map", "[poster]", "-frames:v", "1", "-q:v", "3",
          outDir.resolve("thumbs/poster.jpg").toString()));
    }
    storyboard.ifPresent(board -> args.addAll(List.of("-map", "[storyboard]", "-frames:v", "1",
        "-q:v", "5", outDir.resolve("thumbs/storyboard.jpg").toString())));
    return args;
  }

  /** Directories ffmpeg expects to exist before it starts. */
  public List<Path> outputDirs() {
    List<Path> dirs = new ArrayList<>();
    video.forEach(r -> dirs.add(outDir.resolve(r.dir())));
    audio.ifPresent(a -> dirs.add(outDir.resolve(a.dir())));
    if (poster) {
      dirs.add(outDir.resolve("thumbs"));
    }
    return dirs;
  }

  private double keyframeSeconds() {
    return Math.max(1, plan.segmentSeconds() / 2.0);
  }

  /**
   * The HLS output of one rendition. {@code -avoid_negative_ts disabled} keeps the encoders'
   * own timestamps, which start below zero: x264's B-frame reordering puts the first frame's
   * decode time two frames before its presentation at 0, and AAC's 1024 priming samples come
   * before the sound's 0. By default ffmpeg shifts an HLS output (each on its own) until its
   * first timestamp is 0: the video then presented from two frames in (67 ms at 30 fps, 80 at
   * 25), written as an empty edit ahead of the media edit, a two-entry edit list that
   * Chromium's MSE (so hls.js and shaka-player) ignores whole and that ffmpeg counts twice,
   * while the audio played its priming as sound. Unshifted, the segmenter writes the one edit
   * a progressive MP4 has (media time = the reordering delay, or the priming), which those
   * players honour: both tracks start at 0 and stay in step. Negative composition offsets
   * ({@code movflags=+negative_cts_offsets}) would start the video at 0 even for a player that
   * ignores edit lists, but ffmpeg reads such fragments late by the reordering delay.
   */
  private List<String> hls(String dir) {
    Path d = outDir.resolve(dir);
    return List.of("-avoid_negative_ts", "disabled",
        "-f", "hls", "-hls_time", String.valueOf(plan.segmentSeconds()),
        "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
        "-hls_fmp4_init_filename", "init.mp4", "-hls_flags", "independent_segments",
        "-hls_segment_filename", d.resolve("seg_%05d.m4s").toString(),
        d.resolve("index.m3u8").toString());
  }

  private static String posterSize(LadderPlan.VideoRendition biggest) {
    if (biggest == null) {
      return "-2:720";
    }
    int shortSide = Math.min(biggest.width(), biggest.height());
    if (shortSide <= 720) {
      return biggest.width() + ":" + biggest.height();
    }
    double factor = 720.0 / shortSide;
    return even(biggest.width() * factor) + ":" + even(biggest.height() * factor);
  }

  private static int even(double value) {
    return Math.max(2, (int) Math.round(value / 2) * 2);
  }

  static String fmt(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
