package dev.reel.admin.http;

import dev.reel.admin.config.AdminConfig;
import dev.reel.admin.domain.AssetCatalog;
import dev.reel.admin.kafka.AccessLogArchiver;
import dev.reel.admin.kafka.CatalogProjector;
import dev.reel.admin.storage.S3AccessLogStore;
import dev.reel.common.http.ApiKeyAuth;
import dev.reel.common.http.ServiceHttp;
import dev.reel.common.kafka.EventConsumer;
import dev.reel.common.service.Infrastructure;
import dev.reel.common.service.Listening;
import dev.reel.common.service.ServiceRuntime;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/** The admin API. */
public final class AdminVerticle extends VerticleBase implements Listening {

  private final AdminConfig config;
  private final ServiceRuntime runtime;
  private final AssetCatalog catalog = new AssetCatalog();
  private Infrastructure infra;
  private EventConsumer projector;
  private AccessLogArchiver accessLogs;
  private HttpServer server;

  public AdminVerticle(AdminConfig config, ServiceRuntime runtime) {
    this.config = config;
    this.runtime = runtime;
  }

  @Override
  public Future<?> start() {
    return Infrastructure.connect(vertx, config.kafka(), config.s3())
        .onSuccess(connected -> infra = connected)
        .compose(v -> infra.ensureTopics())
        .compose(v -> CatalogProjector.start(vertx, config.kafka(), runtime.registry(), catalog))
        .onSuccess(started -> projector = started)
        .compose(v -> AccessLogArchiver.start(vertx, config.kafka(), config.accessLogs(),
            new S3AccessLogStore(vertx, infra.s3(), infra.bucket()), runtime.registry()))
        .onSuccess(started -> accessLogs = started)
        .compose(v -> ServiceHttp.listen(runtime, router(), config.http()))
        .onSuccess(listening -> server = listening);
  }

  private Router router() {
    var assets = new AssetsHandler(catalog);
    Router router = ServiceHttp.router(runtime, infra.readinessChecks());
    router.route("/v1/*").handler(ApiKeyAuth.of(config.apiKeys()));
    router.route("/v1/assets").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(assets::list);
    return router;
  }

  @Override
  public Future<?> stop() {
    // The archiver writes what it holds to S3 as it closes: the S3 client closes after it.
    return Future.join(projector == null ? Future.succeededFuture() : projector.close(),
            accessLogs == null ? Future.succeededFuture() : accessLogs.close())
        .eventually(() -> infra == null ? Future.succeededFuture() : infra.close());
  }

  @Override
  public int port() {
    return server.actualPort();
  }
}
