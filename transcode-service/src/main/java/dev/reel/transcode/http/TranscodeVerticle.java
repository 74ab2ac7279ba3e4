package dev.reel.transcode.http;

import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Topic;
import dev.reel.common.http.ServiceHttp;
import dev.reel.common.kafka.EventConsumer;
import dev.reel.common.kafka.EventPublisher;
import dev.reel.common.kafka.RetryPolicy;
import dev.reel.common.service.Infrastructure;
import dev.reel.common.service.Listening;
import dev.reel.common.service.ServiceRuntime;
import dev.reel.transcode.config.MediaConvertSettings;
import dev.reel.transcode.config.TranscodeConfig;
import dev.reel.transcode.ffmpeg.FfmpegBackend;
import dev.reel.transcode.ffmpeg.FfmpegBinary;
import dev.reel.transcode.ffmpeg.FfmpegRun;
import dev.reel.transcode.job.JobRunner;
import dev.reel.transcode.job.TranscodeBackend;
import dev.reel.transcode.job.WorkDirs;
import dev.reel.transcode.kafka.UploadListener;
import dev.reel.transcode.mediaconvert.MediaConvertBackend;
import dev.reel.transcode.mediaconvert.MediaConvertClients;
import dev.reel.transcode.storage.RenditionStorage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.mediaconvert.MediaConvertAsyncClient;

/**
 * The transcode worker: {@code concurrency} consumers of {@code media.uploaded} in one group
 * (each runs one job at a time, so the group spreads jobs over every worker of every instance),
 * a consumer of {@code media.deleted} in a group of its own (so a deletion is not queued behind
 * a long job), and an HTTP port for health and metrics.
 */
public final class TranscodeVerticle extends VerticleBase implements Listening {

  private static final Logger LOG = LoggerFactory.getLogger(TranscodeVerticle.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private final TranscodeConfig config;
  private final ServiceRuntime runtime;
  private Infrastructure infra;
  private EventPublisher publisher;
  private JobRunner jobs;
  private final List<EventConsumer> consumers = new ArrayList<>();
  private HttpServer server;
  private MediaConvertAsyncClient mediaConvert;

  public TranscodeVerticle(TranscodeConfig config, ServiceRuntime runtime) {
    this.config = config;
    this.runtime = runtime;
  }

  @Override
  public Future<?> start() {
    WorkDirs workDirs = new WorkDirs(config.workDir());
    return Infrastructure.connect(vertx, config.kafka(), config.s3())
        .onSuccess(connected -> infra = connected)
        .compose(v -> infra.ensureTopics())
        .compose(v -> EventPublisher.create(vertx, config.kafka(), "/reel/transcode"))
        .onSuccess(created -> publisher = created)
        .compose(v -> vertx.executeBlocking(() -> backend(workDirs)))
        .compose(backend -> {
          jobs = new JobRunner(context, publisher, backend,
              new RenditionStorage(infra.s3(), infra.bucket()), config.concurrency(),
              config.maxAttempts(), config.retryBackoff(), runtime.registry());
          var uploads = new UploadListener(runtime.registry(), jobs::onUploaded);
          List<Future<EventConsumer>> started = new ArrayList<>();
          for (int i = 0; i < config.concurrency(); i++) {
            started.add(EventConsumer.builder(vertx, config.kafka(), config.consumerGroup(),
                    runtime.registry())
                .on(Topic.MEDIA_UPLOADED, MediaUploaded.class, uploads::onUploaded)
                .retryPolicy(RetryPolicy.DEFAULT)
                .sessionTimeout(config.sessionTimeout())
                .start());
          }
          started.add(EventConsumer.builder(vertx, config.kafka(),
                  config.consumerGroup() + "-deletions", runtime.registry())
              .on(Topic.MEDIA_DELETED, MediaDeleted.class, jobs::onDeleted)
              .start());
          return Future.all(started).onSuccess(all -> all.<EventConsumer>list()
              .forEach(consumers::add));
        })
        .compose(v -> ServiceHttp.listen(runtime,
            ServiceHttp.router(runtime, infra.readinessChecks()), config.http()))
        .onSuccess(listening -> server = listening);
  }

  private TranscodeBackend backend(WorkDirs workDirs) {
    RenditionStorage storage = new RenditionStorage(infra.s3(), infra.bucket());
    if (config.mediaConvert().isPresent()) {
      MediaConvertSettings settings = config.mediaConvert().get();
      LOG.info("transcoding on AWS MediaConvert in {}{} ({} jobs at a time), role {}",
          settings.region(), settings.endpoint().map(e -> " at " + e).orElse(""),
          config.concurrency(), settings.roleArn());
      mediaConvert = MediaConvertClients.async(settings, config.s3());
      return new MediaConvertBackend(mediaConvert, storage, settings, config.ladder());
    }
    int swept = workDirs.sweepAbandoned();
    var ffmpeg = new FfmpegRun(FfmpegBinary.locate(config.ffmpegPath(),
        config.workDir().resolve("bin")));
    LOG.info("transcoding with {} ({} at a time), work files under {}{}", ffmpeg.binary(),
        config.concurrency(), config.workDir(), swept > 0 ? ", " + swept + " left over removed"
            : "");
    return new FfmpegBackend(ffmpeg, storage, workDirs, config.ladder());
  }

  @Override
  public Future<?> stop() {
    if (jobs != null) {
      jobs.close();
    }
    List<Future<?>> closing = new ArrayList<>();
    if (mediaConvert != null) {
      // Interrupted jobs cancel their MediaConvert job on the way out, with this client.
      closing.add(vertx.executeBlocking(() -> {
        if (jobs != null) {
          jobs.awaitStopped(STOP_WAIT);
        }
        mediaConvert.close();
        return null;
      }));
    }
    consumers.forEach(c -> closing.add(c.close()));
    if (publisher != null) {
      closing.add(publisher.close());
    }
    return Future.join(closing).eventually(() -> infra == null ? Future.succeededFuture()
        : infra.close());
  }

  @Override
  public int port() {
    return server.actualPort();
  }
}
