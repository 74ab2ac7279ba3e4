package dev.reel.delivery.http;

import dev.reel.common.http.ApiKeyAuth;
import dev.reel.common.http.ServiceHttp;
import dev.reel.common.kafka.EventConsumer;
import dev.reel.common.lifecycle.AssetLifecycles;
import dev.reel.common.lifecycle.LifecycleProjector;
import dev.reel.common.s3.S3Clients;
import dev.reel.common.service.Infrastructure;
import dev.reel.common.service.Listening;
import dev.reel.common.service.ServiceRuntime;
import dev.reel.delivery.cache.EdgeCache;
import dev.reel.delivery.config.DeliveryConfig;
import dev.reel.delivery.kafka.CacheInvalidator;
import dev.reel.delivery.storage.MediaStore;
import dev.reel.delivery.storage.S3MediaStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** The delivery edge's HTTP API. */
public final class DeliveryVerticle extends VerticleBase implements Listening {

  /** Prefix of the consumer groups that replay the lifecycle topics into {@link #assets}. */
  private static final String ASSETS_GROUP = "reel-delivery-assets";

  private final DeliveryConfig config;
  private final ServiceRuntime runtime;
  private final AssetLifecycles assets = new AssetLifecycles();
  private Infrastructure infra;
  private EventConsumer projector;
  private S3MediaStore store;
  private EdgeCache cache;
  private EventConsumer invalidator;
  private HttpServer server;

  public DeliveryVerticle(DeliveryConfig config, ServiceRuntime runtime) {
    this.config = config;
    this.runtime = runtime;
  }

  @Override
  public Future<?> start() {
    return Infrastructure.connect(vertx, config.kafka(), config.s3())
        .onSuccess(connected -> infra = connected)
        .compose(v -> infra.ensureTopics())
        .compose(v -> LifecycleProjector.start(vertx, config.kafka(), ASSETS_GROUP,
            runtime.registry(), assets))
        .onSuccess(started -> projector = started)
        .compose(v -> vertx.executeBlocking(() -> new S3MediaStore(vertx, infra.s3(),
            S3Clients.presigner(config.s3()), infra.bucket())))
        .onSuccess(created -> store = created)
        .compose(v -> startCache())
        .compose(v -> ServiceHttp.listen(runtime, router(), config.http()))
        .onSuccess(listening -> server = listening);
  }

  private Future<Void> startCache() {
    if (!config.cache().enabled()) {
      return Future.succeededFuture();
    }
    return EdgeCache.open(vertx, store, config.cache(), runtime.registry())
        .onSuccess(opened -> cache = opened)
        .compose(opened -> CacheInvalidator.start(vertx, config.kafka(), runtime.registry(),
            opened))
        .onSuccess(started -> invalidator = started)
        .mapEmpty();
  }

  private Router router() {
    MediaStore media = cache != null ? cache : store;
    var responder = new ObjectResponder(media);
    var source = new SourceHandler(responder);
    var files = new MediaFileHandler(responder);
    var status = new AssetStatusHandler(assets, config.publicBaseUrl(), config.http());
    Router router = ServiceHttp.router(runtime, infra.readinessChecks());
    router.route("/v1/assets/*").handler(ApiKeyAuth.of(config.apiKeys()));
    router.get("/v1/assets/:assetId").handler(status::get);
    // Playback: open for now; signed URLs will be checked in PlaybackAccess.
    router.route("/v1/media/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(PlaybackAccess.open());
    router.get("/v1/media/:assetId/source").handler(source::handle);
    router.head("/v1/media/:assetId/source").handler(source::handle);
    // Declared after the original's route, so that 'source' stays the original.
    router.get("/v1/media/:assetId/*").handler(files::handle);
    router.head("/v1/media/:assetId/*").handler(files::handle);
    return router;
  }

  @Override
  public Future<?> stop() {
    return Future.join(projector == null ? Future.succeededFuture() : projector.close(),
            invalidator == null ? Future.succeededFuture() : invalidator.close(),
            cache == null ? Future.succeededFuture() : cache.close())
        .eventually(() -> Future.join(store == null ? Future.succeededFuture() : store.close(),
            infra == null ? Future.succeededFuture() : infra.close()));
  }

  @Override
  public int port() {
    return server.actualPort();
  }
}
