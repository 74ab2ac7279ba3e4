package dev.reel.delivery.http;

import dev.reel.common.http.ServiceHttp;
import dev.reel.common.s3.S3Clients;
import dev.reel.common.service.Infrastructure;
import dev.reel.common.service.Listening;
import dev.reel.common.service.ServiceRuntime;
import dev.reel.delivery.config.DeliveryConfig;
import dev.reel.delivery.storage.S3MediaStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** The delivery edge's HTTP API. */
public final class DeliveryVerticle extends VerticleBase implements Listening {

  private final DeliveryConfig config;
  private final ServiceRuntime runtime;
  private Infrastructure infra;
  private S3MediaStore store;
  private HttpServer server;

  public DeliveryVerticle(DeliveryConfig config, ServiceRuntime runtime) {
    this.config = config;
    this.runtime = runtime;
  }

  @Override
  public Future<?> start() {
    return Infrastructure.connect(vertx, config.kafka(), config.s3())
        .onSuccess(connected -> infra = connected)
        .compose(v -> vertx.executeBlocking(() -> S3Clients.presigner(config.s3())))
        .onSuccess(presigner -> store = new S3MediaStore(vertx, infra.s3(), presigner,
            infra.bucket()))
        .compose(v -> ServiceHttp.listen(runtime, router(), config.http()))
        .onSuccess(listening -> server = listening);
  }

  private Router router() {
    var responder = new ObjectResponder(store);
    var source = new SourceHandler(responder);
    var files = new MediaFileHandler(responder);
    Router router = ServiceHttp.router(runtime, infra.readinessChecks());
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
    return Future.join(store == null ? Future.succeededFuture() : store.close(),
        infra == null ? Future.succeededFuture() : infra.close());
  }

  @Override
  public int port() {
    return server.actualPort();
  }
}
