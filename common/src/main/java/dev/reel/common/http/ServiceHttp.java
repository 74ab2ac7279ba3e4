package dev.reel.common.http;

import dev.reel.common.service.OpsRoutes;
import dev.reel.common.service.ReadinessCheck;
import dev.reel.common.service.ServiceRuntime;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;

/** The HTTP edge every service shares: ops routes, JSON errors, and a listening server. */
public final class ServiceHttp {

  private ServiceHttp() {
  }

  /** A router that already answers health and metrics and turns every failure into JSON. */
  public static Router router(ServiceRuntime runtime, List<ReadinessCheck> checks) {
    Router router = Router.router(runtime.vertx());
    ApiErrors.install(router, runtime.registry());
    OpsRoutes.mount(router, runtime, checks);
    return router;
  }

  public static Future<HttpServer> listen(ServiceRuntime runtime, Router router,
      HttpSettings settings) {
    return runtime.vertx()
        .createHttpServer(new HttpServerOptions()
            .setHost(settings.host())
            .setPort(settings.port())
            .setCompressionSupported(false))
        .requestHandler(router)
        .listen();
  }
}
