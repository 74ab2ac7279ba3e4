package dev.reel.transcode.ffmpeg;

import dev.reel.common.event.Rendition;
import dev.reel.transcode.job.JobFailure;
import dev.reel.transcode.job.TranscodeBackend;
import dev.reel.transcode.job.WorkDirs;
import dev.reel.transcode.ladder.LadderPlan;
import dev.reel.transcode.ladder.LadderProfile;
import dev.reel.transcode.media.MediaProbe;
import dev.reel.transcode.media.ProbeParser;
import dev.reel.transcode.packaging.LandedRendition;
import dev.reel.transcode.packaging.Manifests;
import dev.reel.transcode.packaging.MediaPlaylist;
import dev.reel.transcode.packaging.Mp4Codecs;
import dev.reel.transcode.packaging.Storyboard;
import dev.reel.transcode.storage.RenditionStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcodes with local ffmpeg child processes, in two encodes so the asset is playable early:
 * the lowest rung and the audio, which are uploaded with manifests listing just them as soon
 * as they are done; and, at the same time at a lower CPU priority, every other rung plus the
 * poster and storyboard, decoded once and encoded together, after which the manifests are
 * rewritten to list the whole ladder. Work files live in a
 * locked scratch directory that is removed when the job ends, however it ends.
 */
public final class FfmpegBackend implements TranscodeBackend {

  private static final Logger LOG = LoggerFactory.getLogger(FfmpegBackend.class);
  /** Space kept free beyond a job's estimate, so a full disk fails a job, not the machine. */
  static final long DISK_HEADROOM = 256L << 20;
  /** How much less CPU priority the second encode has than the first (as for nice(1)). */
  public static final int SECOND_ENCODE_NICENESS = 10;

  private final FfmpegRun ffmpeg;
  private final RenditionStorage storage;
  private final WorkDirs workDirs;
  private final LadderProfile profile;

  public FfmpegBackend(FfmpegRun ffmpeg, RenditionStorage storage, WorkDirs workDirs,
      LadderProfile profile) {
    this.ffmpeg = ffmpeg;
    this.storage = storage;
    this.workDirs = workDirs;
    this.profile = profile;
  }

  @Override
  public String name() {
    return "ffmpeg";
  }

  @Override
  public Outcome transcode(Request request, ProgressSink progress) throws InterruptedException {
    long started = System.nanoTime();
    requireDisk(request.sourceBytes() + DISK_HEADROOM, "the original");
    try (WorkDirs.WorkDir work = workDirs.create(request.jobId())) {
      FfmpegRun ffmpeg = this.ffmpeg.recordingPidIn(work.path().resolve(WorkDirs.PID_FILE));
      Path source = work.path().resolve("source");
      storage.download(request.sourceKey(), source);
      MediaProbe probe = probe(ffmpeg, source);
      LadderPlan plan = LadderPlan.of(probe, profile);
      requireDisk(estimatedOutputBytes(plan) + DISK_HEADROOM, "the renditions");
      LOG.info("asset {}: {} s of {}, ladder {}{}", request.assetId(),
          String.format("%.2f", probe.durationSeconds()), probe.container(),
          plan.video().stream().map(v -> v.name() + "=" + v.width() + "x" + v.height()).toList(),
          plan.audio().isPresent() ? " + audio" : "");
      probe.audio().filter(a -> EncodeCommand.startsLate(a.startSeconds())).ifPresent(a ->
          LOG.info("asset {}: the audio starts {} ms into the source: silence fills in its start",
              request.assetId(), Math.round(a.startSeconds() * 1000)));
      Path out = work.path().resolve("out");
      Progress tracker = new Progress(plan, progress);
      Map<String, LandedRendition> landed = new LinkedHashMap<>();
      List<Output> outputs = new ArrayList<>();

      Passes passes = Passes.of(source, out, plan, probe);
      EncodeCommand first = passes.first();
      EncodeCommand second = passes.second();
      Storyboard board = passes.storyboard().orElse(null);
      List<String> secondNames = new ArrayList<>(plan.rest().stream().map(r -> r.name())
          .toList());
      if (board != null) {
        secondNames.add(Progress.THUMBNAILS);
      }
      // The rest of the ladder is encoded alongside the first rung, at a lower CPU priority:
      // the first rung still lands early, and the cores it leaves idle are not wasted.
      FfmpegRun secondFfmpeg = ffmpeg.recordingPidIn(work.path().resolve(
          WorkDirs.SECOND_PID_FILE)).niced(SECOND_ENCODE_NICENESS);
      Background<SegmentShipper> rest = second.isEmpty() ? null
          : Background.start(request.jobId(), () -> encode(request, secondFfmpeg, second, plan,
              tracker, secondNames));
      try {
        SegmentShipper firstShipped = encode(request, ffmpeg, first, plan, tracker,
            first.outputDirs().stream().map(d -> d.getFileName().toString()).toList());
        publish(request, plan, out, first.outputDirs(), landed, outputs, firstShipped);
        long firstPlayableMs = (System.nanoTime() - started) / 1_000_000;
        progress.playable();
        LOG.info("asset {}: playable after {} ms ({} segments shipped while encoding)",
            request.assetId(), firstPlayableMs, firstShipped.shippedCount());

        String posterKey = null;
        String storyboardKey = null;
        if (rest != null) {
          SegmentShipper secondShipped = rest.await();
          long encoded = System.nanoTime();
          if (board != null) {
            Files.writeString(out.resolve("thumbs/storyboard.vtt"),
                board.webVtt("storyboard.jpg"));
            posterKey = request.prefix() + "thumbs/poster.jpg";
            storyboardKey = request.prefix() + "thumbs/storyboard.vtt";
          }
          publish(request, plan, out, second.outputDirs(), landed, outputs, secondShipped);
          LOG.info("asset {}: whole ladder encoded after {} ms, published {} ms later ({} "
                  + "segments shipped while encoding)", request.assetId(),
              (encoded - started) / 1_000_000, (System.nanoTime() - encoded) / 1_000_000,
              secondShipped.shippedCount());
        }
        return outcome(request, probe, landed, outputs, posterKey, storyboardKey,
            firstPlayableMs);
      } finally {
        if (rest != null) {
          rest.stop();
        }
      }
    } catch (IOException e) {
      throw new JobFailure(JobFailure.ENCODE_FAILED, "work files: " + e.getMessage(), true, e);
    }
  }

  /**
   * The two ffmpeg commands of a job, run at the same time: the lowest rung with the audio, which
   * makes the asset playable; and the rest of the ladder with the poster and storyboard, at
   * {@link #SECOND_ENCODE_NICENESS}. Each decodes the source: the price of playing early.
   */
  public record Passes(EncodeCommand first, EncodeCommand second,
      Optional<Storyboard> storyboard) {

    public static Passes of(Path source, Path out, LadderPlan plan, MediaProbe probe) {
      EncodeCommand first = new EncodeCommand(source, out, plan).inputs(probe)
          .video(plan.lowest().map(List::of).orElse(List.of()))
          .audio(plan.audio());
      EncodeCommand second = new EncodeCommand(source, out, plan).inputs(probe)
          .video(plan.rest());
      Storyboard board = null;
      if (probe.video().isPresent()) {
        LadderPlan.VideoRendition top = plan.video().get(plan.video().size() - 1);
        board = Storyboard.plan(probe.durationSeconds(), top.width(), top.height());
        second.thumbnails(board);
      }
      return new Passes(first, second, Optional.ofNullable(board));
    }
  }

  private static Outcome outcome(Request request, MediaProbe probe,
      Map<String, LandedRendition> landed, List<Output> outputs, String posterKey,
      String storyboardKey, long firstPlayableMs) {
    List<LandedRendition> all = List.copyOf(landed.values());
    List<Rendition> renditions = all.stream().map(r -> r.toEvent(request.prefix())).toList();
    double duration = all.stream().mapToDouble(r -> r.playlist().durationSeconds()).max()
        .orElse(probe.durationSeconds());
    return new Outcome(request.prefix() + "master.m3u8", request.prefix() + "manifest.mpd",
        posterKey, storyboardKey, renditions, duration, firstPlayableMs, outputs);
  }

  /**
   * Reads the source's streams; a file ffmpeg cannot read fails here, for good. For a source with
   * audio, a second run (some 25 ms) decodes the first audio frame, to learn when the sound
   * starts: ffmpeg's description of its input gives the source's start, not each stream's.
   */
  public static MediaProbe probe(FfmpegRun ffmpeg, Path source) throws InterruptedException {
    FfmpegRun.Result result = ffmpeg.run(List.of("-i", source.toString(), "-t", "0",
        "-f", "null", "-"), 0, null);
    MediaProbe probe = ProbeParser.parse(scrub(result.stderr(), source.getParent()),
        result.exitCode());
    if (probe.container().equals("mpegts")) {
      probe = readThrough(ffmpeg, source, probe);
    }
    if (probe.audio().isEmpty()) {
      return probe;
    }
    List<String> args = new ArrayList<>(List.of("-i", source.toString(),
        "-map", probe.audio().get().specifier(), "-af", "ashowinfo", "-frames:a", "1",
        "-f", "null", "-"));
    // The video is read too (one packet, copied), as the encode reads it: for a format with
    // timestamp discontinuities (MPEG-TS), ffmpeg starts the timeline at the earliest stream
    // read, so with the sound alone a TS whose sound starts late began at the sound, and its
    // start read 0.
    probe.video().ifPresent(video -> args.addAll(List.of("-map", video.specifier(),
        "-c", "copy", "-frames:v", "1", "-f", "null", "-")));
    FfmpegRun.Result first = ffmpeg.run(args, 0, null);
    return probe.withAudioStart(ProbeParser.audioStart(first.stderr()));
  }

  /**
   * A transport stream's duration, read through. ffmpeg's description takes it from the
   * timestamps, but a capture may restart its clock (6 s and 4 s joined with {@code cat} are
   * described as 6.02 s), which the encode smooths over and the description does not; the
   * storyboard and the progress follow the duration. Copying one stream's packets to nothing
   * reads the whole file thousands of times faster than it plays (30 ms for 10 s of 640x360),
   * with the encode's correction of such jumps; its last time is the last packet's decode time,
   * so one frame (or audio frame) is added, and reordered frames may leave it two short (9.92 s
   * of 10 with x264's B-frames), which a storyboard does not show.
   */
  private static MediaProbe readThrough(FfmpegRun ffmpeg, Path source, MediaProbe probe)
      throws InterruptedException {
    String stream = probe.video().map(MediaProbe.VideoStream::specifier)
        .orElseGet(() -> probe.audio().orElseThrow().specifier());
    FfmpegRun.Result read = ffmpeg.run(List.of("-i", source.toString(), "-map", stream,
        "-c", "copy", "-f", "null", "-"), 0, null);
    double last = ProbeParser.readThrough(read.stderr());
    if (!read.ok() || !(last > 0)) {
      return probe;
    }
    double step = probe.video().map(v -> v.frameRate() > 0 ? 1 / v.frameRate() : 0)
        .orElse(1024.0 / 48000);
    return probe.withDuration(last + step);
  }

  /** Messages go into events: they name files by their place in the job, not on this disk. */
  static String scrub(String text, Path workDir) {
    return workDir == null ? text : text.replace(workDir + "/", "");
  }

  /**
   * Runs one encode, shipping its finished segments to storage as it goes; answers what was
   * shipped, for publish to upload the rest.
   */
  private SegmentShipper encode(Request request, FfmpegRun ffmpeg, EncodeCommand command,
      LadderPlan plan, Progress tracker, List<String> renditions)
      throws InterruptedException, IOException {
    for (Path dir : command.outputDirs()) {
      Files.createDirectories(dir);
    }
    // ffmpeg reports nothing until every output has begun, and the storyboard's one sheet
    // begins at the end: the finished segments say how far each rendition is meanwhile.
    SegmentShipper shipper = SegmentShipper.start(request.jobId(), storage,
        command.outputDir(), request.prefix(), command.outputDirs(), (dir, segments) -> {
          String name = dir.getFileName().toString();
          if (renditions.contains(name)) {
            tracker.update(List.of(name), Progress.fromSegments(segments,
                plan.segmentSeconds(), plan.durationSeconds()));
          }
        });
    FfmpegRun.Result result;
    try {
      result = ffmpeg.run(command.args(), plan.durationSeconds(),
          fraction -> tracker.update(renditions, fraction));
    } finally {
      shipper.stop();
    }
    if (!result.ok()) {
      String tail = tail(scrub(result.stderr(), command.workDir()));
      throw new JobFailure(JobFailure.ENCODE_FAILED, "ffmpeg exited with " + result.exitCode()
          + (tail.isEmpty() ? "" : ": " + tail), false);
    }
    tracker.update(renditions, 1.0);
    return shipper;
  }

  /**
   * Uploads what an encode wrote (segments and media playlists first), then the manifests for
   * everything landed so far, so a manifest never names a file that is not in storage.
   */
  private void publish(Request request, LadderPlan plan, Path out, List<Path> dirs,
      Map<String, LandedRendition> landed, List<Output> outputs, SegmentShipper shipped)
      throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : dirs) {
      files.addAll(RenditionStorage.filesUnder(dir));
    }
    requireSourceStillThere(request);
    storage.uploadAll(out, shipped.unshipped(files), request.prefix());
    for (Path file : files) {
      outputs.add(new Output(request.prefix() + out.relativize(file).toString()
          .replace('\\', '/'), Files.size(file)));
    }
    for (Path dir : dirs) {
      if (Files.exists(dir.resolve("index.m3u8"))) {
        LandedRendition rendition = land(dir, plan);
        landed.put(rendition.name(), rendition);
      }
    }
    List<LandedRendition> all = List.copyOf(landed.values());
    String master = Manifests.hlsMaster(all);
    String mpd = Manifests.dashMpd(all);
    storage.putText(request.prefix() + "master.m3u8", master);
    storage.putText(request.prefix() + "manifest.mpd", mpd);
    outputs.removeIf(o -> o.key().endsWith("master.m3u8") || o.key().endsWith("manifest.mpd"));
    outputs.add(new Output(request.prefix() + "master.m3u8",
        master.getBytes(StandardCharsets.UTF_8).length));
    outputs.add(new Output(request.prefix() + "manifest.mpd",
        mpd.getBytes(StandardCharsets.UTF_8).length));
  }

  private static LandedRendition land(Path dir, LadderPlan plan) throws IOException {
    MediaPlaylist playlist = MediaPlaylist.parse(Files.readString(dir.resolve("index.m3u8")));
    String codecs = Mp4Codecs.of(Files.readAllBytes(dir.resolve(playlist.initUri())));
    List<Long> sizes = new ArrayList<>();
    for (MediaPlaylist.Segment segment : playlist.segments()) {
      sizes.add(Files.size(dir.resolve(segment.uri())));
    }
    String name = dir.getFileName().toString();
    Optional<LadderPlan.AudioRendition> audio = plan.audio().filter(a -> a.name().equals(name));
    if (audio.isPresent()) {
      return new LandedRendition(name, Rendition.AUDIO, 0, 0, 0, audio.get().channels(),
          audio.get().sampleRate(), codecs, playlist, sizes);
    }
    LadderPlan.VideoRendition video = plan.video().stream().filter(v -> v.name().equals(name))
        .findFirst().orElseThrow(() -> new IllegalStateException("unplanned rendition " + name));
    return new LandedRendition(name, Rendition.VIDEO, video.width(), video.height(),
        video.frameRate(), 0, 0, codecs, playlist, sizes);
  }

  private void requireSourceStillThere(Request request) {
    if (storage.head(request.sourceKey()).isEmpty()) {
      throw new JobFailure(JobFailure.SOURCE_MISSING,
          "the original was deleted while it was being transcoded", false);
    }
  }

  private void requireDisk(long bytes, String what) {
    long free = workDirs.usableBytes();
    if (free < bytes) {
      throw new JobFailure(JobFailure.INSUFFICIENT_DISK, "need " + (bytes >> 20) + " MiB for "
          + what + " under the work directory, " + (free >> 20) + " MiB free", true);
    }
  }

  /** Caps times duration, plus a tenth: what the renditions can take at most. */
  static long estimatedOutputBytes(LadderPlan plan) {
    double kbps = plan.video().stream().mapToDouble(LadderPlan.VideoRendition::maxKbps).sum()
        + plan.audio().map(LadderPlan.AudioRendition::kbps).orElse(0);
    return (long) (kbps * 1000 / 8 * plan.durationSeconds() * 1.1);
  }

  private static String tail(String stderr) {
    String[] lines = stderr.strip().split("\\R");
    StringBuilder out = new StringBuilder();
    for (int i = Math.max(0, lines.length - 3); i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        out.append(out.length() == 0 ? "" : " | ").append(lines[i].strip());
      }
    }
    String text = out.toString();
    return text.length() > 600 ? text.substring(text.length() - 600) : text;
  }
}
