package dev.reel.common.http;

import dev.reel.common.service.ServiceRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * A server built the way every service builds its own ({@link ServiceHttp#router} and
 * {@link ServiceHttp#listen}), on a free loopback port, with routes of its own: {@code POST
 * /echo} answers the number of body bytes it read, once the whole body is in; {@code POST
 * /refuse} answers 413 at once, without reading the body; {@code GET} and
 * {@code HEAD /files/:id/*}, behind a filter for every method, answer 204.
 */
final class EdgeServer implements AutoCloseable {

  private final ServiceRuntime runtime;
  private final HttpServer server;

  private EdgeServer(ServiceRuntime runtime, HttpServer server) {
    this.runtime = runtime;
    this.server = server;
  }

  static EdgeServer start(int idleTimeoutSeconds) {
    ServiceRuntime runtime = ServiceRuntime.create("edge-test");
    Router router = ServiceHttp.router(runtime, List.of());
    router.post("/echo").handler(ctx -> ctx.request().body()
        .onSuccess(body -> ctx.response().end(String.valueOf(body.length()))));
    router.post("/refuse").handler(ctx -> ctx.response().setStatusCode(413).end("refused"));
    router.route("/files/*").handler(RoutingContext::next);
    router.get("/files/:id/*").handler(ctx -> ctx.response().setStatusCode(204).end());
    router.head("/files/:id/*").handler(ctx -> ctx.response().setStatusCode(204).end());
    HttpServer server = ServiceHttp.listen(runtime, router,
        new HttpSettings("127.0.0.1", 0, idleTimeoutSeconds)).await();
    return new EdgeServer(runtime, server);
  }

  static EdgeServer start() {
    return start(HttpSettings.DEFAULT_IDLE_TIMEOUT_SECONDS);
  }

  ServiceRuntime runtime() {
    return runtime;
  }

  PrometheusMeterRegistry registry() {
    return runtime.registry();
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    runtime.vertx().close().await();
  }
}
