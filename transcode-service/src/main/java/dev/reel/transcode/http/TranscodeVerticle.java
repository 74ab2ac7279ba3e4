package dev.reel.transcode.http;

import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Topic;
import dev.reel.common.http.ServiceHttp;
import dev.reel.common.kafka.EventConsumer;
import dev.reel.common.service.Infrastructure;
import dev.reel.common.service.Listening;
import dev.reel.common.service.ServiceRuntime;
import dev.reel.transcode.config.TranscodeConfig;
import dev.reel.transcode.kafka.UploadListener;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;

/** The transcode worker: its Kafka consumer, plus an HTTP port for health and metrics. */
public final class TranscodeVerticle extends VerticleBase implements Listening {

  private final TranscodeConfig config;
  private final ServiceRuntime runtime;
  private Infrastructure infra;
  private EventConsumer consumer;
  private HttpServer server;

  public TranscodeVerticle(TranscodeConfig config, ServiceRuntime runtime) {
    this.config = config;
    this.runtime = runtime;
  }

  @Override
  public Future<?> start() {
    var uploads = new UploadListener(runtime.registry());
    return Infrastructure.connect(vertx, config.kafka(), config.s3())
        .onSuccess(connected -> infra = connected)
        .compose(v -> infra.ensureTopics())
        .compose(v -> EventConsumer.builder(vertx, config.kafka(), config.consumerGroup(),
                runtime.registry())
            .on(Topic.MEDIA_UPLOADED, MediaUploaded.class, uploads::onUploaded)
            .start())
        .onSuccess(started -> consumer = started)
        .compose(v -> ServiceHttp.listen(runtime,
            ServiceHttp.router(runtime, infra.readinessChecks()), config.http()))
        .onSuccess(listening -> server = listening);
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumer == null ? Future.succeededFuture() : consumer.close(),
        infra == null ? Future.succeededFuture() : infra.close());
  }

  @Override
  public int port() {
    return server.actualPort();
  }
}
