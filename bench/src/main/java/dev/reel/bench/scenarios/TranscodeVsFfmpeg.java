package dev.reel.bench.scenarios;

import dev.reel.bench.BenchContext;
import dev.reel.bench.Scenario;
import dev.reel.bench.measure.AbRunner;
import dev.reel.bench.measure.Better;
import dev.reel.bench.measure.Comparison;
import dev.reel.bench.measure.ScenarioResult;
import dev.reel.bench.measure.Stats;
import dev.reel.bench.measure.Target;
import dev.reel.bench.reel.Uploaded;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Topic;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.transcode.config.TranscodeConfig;
import dev.reel.transcode.ffmpeg.EncodeCommand;
import dev.reel.transcode.ffmpeg.FfmpegBackend;
import dev.reel.transcode.ffmpeg.FfmpegBinary;
import dev.reel.transcode.ffmpeg.FfmpegRun;
import dev.reel.transcode.ladder.LadderPlan;
import dev.reel.transcode.ladder.LadderProfile;
import dev.reel.transcode.media.MediaProbe;
import dev.reel.transcode.packaging.Storyboard;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The transcode issue's two figures. Orchestration overhead: from ingest's 201 (the moment
 * {@code media.uploaded} is out) to {@code transcode.completed} arriving at a consumer, against
 * the same ladder encoded by one hand-written ffmpeg command (all rungs, audio, poster and
 * storyboard, the source decoded once) on a local copy of the same source. Time to first
 * playable against the job's own full-ladder time.
 */
public final class TranscodeVsFfmpeg implements Scenario {

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(15);

  @Override
  public String id() {
    return "transcode";
  }

  @Override
  public String title() {
    return "Transcode: upload → transcode.completed vs ffmpeg alone";
  }

  @Override
  public String description() {
    return "A 60 s 1080p30 clip (lavfi testsrc2 with a tone) uploaded through ingest; Reel's "
        + "time is from the 201 (media.uploaded published) to transcode.completed consumed "
        + "by a Kafka consumer of its own: download from S3, probe, two encodes at once (lowest "
        + "rung and audio; and the rest with poster and storyboard at a lower CPU priority), "
        + "segments uploaded as they are finished, manifests. "
        + "The anchor is one ffmpeg command writing the same default ladder "
        + "(1080p/720p/480p/360p, veryfast, same caps, audio, poster, storyboard) from the "
        + "same file on local disk. Time to first playable is compared with the same job's "
        + "full-ladder time. Both sides use the same ffmpeg binary.";
  }

  @Override
  public void run(BenchContext ctx, ScenarioResult.Builder out) throws Exception {
    boolean quick = ctx.options().quick();
    int seconds = quick ? 20 : 60;
    Path dir = ctx.workDir().resolve("transcode");
    Files.createDirectories(dir);
    FfmpegRun ffmpeg = new FfmpegRun(FfmpegBinary.locate(Optional.empty(), dir.resolve("bin")));
    Path source = clip(ffmpeg, dir, "clip-1080p-" + seconds + "s.mp4", seconds);
    Path warmupSource = clip(ffmpeg, dir, "clip-1080p-4s.mp4", 4);
    LadderProfile profile = defaultProfile();

    try (CompletionWatcher watcher = new CompletionWatcher(ctx.platform().kafkaBootstrap())) {
      AbRunner.Trial reel = warmup -> {
        Path file = warmup ? warmupSource : source;
        Uploaded uploaded = ctx.reel().upload(file, "video/mp4");
        long announced = System.nanoTime();
        CloudEvent event = watcher.await(uploaded.assetId());
        long done = System.nanoTime();
        if (event.getType().equals(Topic.TRANSCODE_FAILED.eventType())) {
          TranscodeFailed failed = EventCodec.decode(event, TranscodeFailed.class).data();
          throw new IllegalStateException("transcode failed: " + failed.reasonCode() + " "
              + failed.message());
        }
        TranscodeCompleted completed = EventCodec.decode(event, TranscodeCompleted.class)
            .data();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("seconds", (done - announced) / 1e9);
        figures.put("ttfp", completed.timeToFirstPlayableMs() / 1000.0);
        figures.put("job", completed.elapsedMs() / 1000.0);
        figures.put("speed", completed.encodeSpeed());
        return figures;
      };
      AbRunner.Trial anchor = warmup -> {
        Path file = warmup ? warmupSource : source;
        Path outDir = dir.resolve("anchor-" + UUID.randomUUID());
        MediaProbe probe = FfmpegBackend.probe(ffmpeg, file);
        LadderPlan plan = LadderPlan.of(probe, profile);
        LadderPlan.VideoRendition top = plan.video().get(plan.video().size() - 1);
        EncodeCommand command = new EncodeCommand(file, outDir, plan)
            .video(plan.video()).audio(plan.audio())
            .thumbnails(Storyboard.plan(probe.durationSeconds(), top.width(), top.height()));
        for (Path d : command.outputDirs()) {
          Files.createDirectories(d);
        }
        long begin = System.nanoTime();
        FfmpegRun.Result result = ffmpeg.run(command.args(), probe.durationSeconds(), null);
        long end = System.nanoTime();
        deleteTree(outDir);
        if (!result.ok()) {
          throw new IllegalStateException("ffmpeg failed: " + result.stderr());
        }
        return Map.of("seconds", (end - begin) / 1e9);
      };

      AbRunner.Rounds rounds = AbRunner.run(id(), quick ? 1 : 3, "ffmpeg alone", reel, anchor);
      out.row(Comparison.of(seconds + " s 1080p: upload announced → transcode.completed", "s",
          Better.LOWER, rounds.reel("seconds"), "ffmpeg alone", rounds.anchor("seconds"),
          Target.of(1.10, "≤ 1.10× the hand-written ffmpeg command")));
      out.row(Comparison.of("time to first playable", "s", Better.LOWER, rounds.reel("ttfp"),
          "full ladder (same job)", rounds.reel("job"),
          Target.of(0.35, "≤ 0.35× the full-ladder time")));
      out.row(Comparison.reelOnly("encode speed (media s per wall s)", "×", Better.HIGHER,
          rounds.reel("speed")));
      out.figure("source_seconds", seconds);
      out.figure("reel_seconds_median", Stats.of(rounds.reel("seconds")).median());
      out.figure("ffmpeg_seconds_median", Stats.of(rounds.anchor("seconds")).median());
      if (quick) {
        out.note("Quick mode: a 20 s clip and one round instead of the issue's 60 s, three "
            + "rounds.");
      }
      out.note("Warm-up: one 4 s clip per side (discarded). Both sides run on the same two "
          + "cores as the rest of the platform; ffmpeg uses every core either way.");
    }
  }

  private static LadderProfile defaultProfile() {
    var defaults = TranscodeConfig.defaults();
    return new LadderProfile(LadderProfile.parseRungs(TranscodeConfig.LADDER,
        defaults.getString(TranscodeConfig.LADDER)),
        Integer.parseInt(defaults.getString(TranscodeConfig.AUDIO_KBPS)),
        Integer.parseInt(defaults.getString(TranscodeConfig.SEGMENT_SECONDS)),
        defaults.getString(TranscodeConfig.PRESET));
  }

  private static Path clip(FfmpegRun ffmpeg, Path dir, String name, int seconds)
      throws Exception {
    Path target = dir.resolve(name);
    if (Files.exists(target)) {
      return target;
    }
    Path partial = dir.resolve("partial-" + name);
    FfmpegRun.Result result = ffmpeg.run(List.of("-y", "-loglevel", "error",
        "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t",
        String.valueOf(seconds), "-ac", "2", "-c:a", "aac", "-b:a", "128k", "-c:v", "libx264",
        "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
        partial.toString()), seconds, null);
    if (!result.ok()) {
      throw new IllegalStateException("cannot make the test clip: " + result.stderr());
    }
    Files.move(partial, target);
    return target;
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Notes when each asset's completion (or failure) reaches a consumer of its own. */
  private static final class CompletionWatcher implements AutoCloseable {
    private final Map<String, CompletableFuture<CloudEvent>> events = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, CloudEvent> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    CompletionWatcher(String bootstrap) {
      Properties config = new Properties();
      config.put("bootstrap.servers", bootstrap);
      this.consumer = new KafkaConsumer<>(config, new StringDeserializer(),
          new CloudEventDeserializer());
      List<TopicPartition> partitions = Stream.of(Topic.TRANSCODE_COMPLETED,
              Topic.TRANSCODE_FAILED)
          .flatMap(t -> consumer.partitionsFor(t.topicName()).stream()
              .map(p -> new TopicPartition(t.topicName(), p.partition())))
          .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      this.thread = new Thread(this::poll, "transcode-watcher");
      this.thread.setDaemon(true);
      this.thread.start();
    }

    private void poll() {
      try {
        while (running) {
          for (ConsumerRecord<String, CloudEvent> record : consumer.poll(
              Duration.ofMillis(100))) {
            events.computeIfAbsent(record.key(), k -> new CompletableFuture<>())
                .complete(record.value());
          }
        }
      } finally {
        consumer.close();
      }
    }

    CloudEvent await(String assetId) throws Exception {
      return events.computeIfAbsent(assetId, k -> new CompletableFuture<>())
          .get(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(5000);
    }
  }
}
