package dev.reel.ingest.http;

import dev.reel.common.http.ApiKeyAuth;
import dev.reel.common.http.ServiceHttp;
import dev.reel.common.kafka.EventPublisher;
import dev.reel.common.service.Infrastructure;
import dev.reel.common.service.Listening;
import dev.reel.common.service.ServiceRuntime;
import dev.reel.ingest.config.IngestConfig;
import dev.reel.ingest.events.Outbox;
import dev.reel.ingest.events.OutboxDrainer;
import dev.reel.ingest.events.UploadAnnouncer;
import dev.reel.ingest.presigned.PresignedRoutes;
import dev.reel.ingest.presigned.PresignedSweeper;
import dev.reel.ingest.storage.IdempotencyRecords;
import dev.reel.ingest.storage.PartBuffers;
import dev.reel.ingest.storage.S3OriginalStore;
import dev.reel.ingest.tus.TusRoutes;
import dev.reel.ingest.tus.TusSweeper;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The ingest HTTP API. */
public final class IngestVerticle extends VerticleBase implements Listening {

  public static final String EVENT_SOURCE = "/reel/ingest";
  private static final long OUTBOX_DRAIN_PERIOD_MS = 5000;

  private final IngestConfig config;
  private final ServiceRuntime runtime;
  private Infrastructure infra;
  private EventPublisher events;
  private HttpServer server;
  private OutboxDrainer drainer;
  private TusSweeper tusSweeper;
  private PresignedSweeper presignedSweeper;

  public IngestVerticle(IngestConfig config, ServiceRuntime runtime) {
    this.config = config;
    this.runtime = runtime;
  }

  @Override
  public Future<?> start() {
    return Infrastructure.connect(vertx, config.kafka(), config.s3())
        .onSuccess(connected -> infra = connected)
        .compose(v -> EventPublisher.create(vertx, config.kafka(), EVENT_SOURCE))
        .onSuccess(publisher -> events = publisher)
        .compose(v -> infra.ensureTopics())
        .compose(v -> ServiceHttp.listen(runtime, router(), config.http()))
        .onSuccess(listening -> {
          server = listening;
          drainer.start();
          tusSweeper.start();
          presignedSweeper.start();
        });
  }

  private Router router() {
    // Enough idle part buffers that one upload at a time never allocates a new one.
    var buffers = new PartBuffers(
        S3OriginalStore.BUFFERS_PER_UPLOAD * (long) config.partSizeBytes());
    var store = new S3OriginalStore(vertx, infra.s3(), infra.bucket(), config.partSizeBytes(),
        buffers);
    var outbox = new Outbox(store, events);
    drainer = new OutboxDrainer(vertx, outbox, OUTBOX_DRAIN_PERIOD_MS);
    var uploads = new UploadHandler(store, new UploadAnnouncer(store, outbox, infra.bucket()),
        new IdempotencyRecords(store), config.maxUploadBytes(), runtime.registry());
    var forms = new FormUploadHandler(uploads, config.maxUploadBytes());
    var deletes = new DeleteHandler(store, outbox, infra.bucket());

    Router router = ServiceHttp.router(runtime, infra.readinessChecks());
    router.route("/v1/*").handler(new CrossOrigin(config.cors()));
    router.route("/v1/*").handler(keyRequired(ApiKeyAuth.of(config.apiKeys())));
    router.post("/v1/uploads").handler(ctx -> {
      if (FormUploadHandler.isForm(ctx.request())) {
        forms.handle(ctx);
      } else {
        uploads.handle(ctx);
      }
    }).failureHandler(UnreadBodies::onFailure);
    router.delete("/v1/assets/:assetId").handler(deletes::handle);
    presignedSweeper = PresignedRoutes.mount(router, vertx, config, infra.s3(), store, outbox,
        runtime.registry());
    tusSweeper = TusRoutes.mount(router, vertx, config, infra.s3(), store, buffers, outbox,
        runtime.registry());
    return router;
  }

  /**
   * Every API call needs the key, but OPTIONS is no call: a CORS preflight (answered above) or tus
   * discovery, which says only what the server speaks. Browsers never send a key with a
   * preflight, and stock tus clients send discovery bare.
   */
  private static Handler<RoutingContext> keyRequired(ApiKeyAuth auth) {
    return ctx -> {
      if (ctx.request().method() == HttpMethod.OPTIONS) {
        ctx.next();
      } else {
        auth.handle(ctx);
      }
    };
  }

  @Override
  public Future<?> stop() {
    if (drainer != null) {
      drainer.stop();
    }
    if (tusSweeper != null) {
      tusSweeper.stop();
    }
    if (presignedSweeper != null) {
      presignedSweeper.stop();
    }
    return Future.join(events == null ? Future.succeededFuture() : events.close(),
        infra == null ? Future.succeededFuture() : infra.close());
  }

  /** The bound port, which differs from the configured one when that was 0. */
  @Override
  public int port() {
    return server.actualPort();
  }
}
