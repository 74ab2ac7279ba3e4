package dev.reel.common.service;

import dev.reel.common.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health/live}, {@code GET /health/ready} and {@code GET /metrics}, the same on every
 * service. Ready means every dependency answered within a few seconds; the body says which did
 * not.
 */
public final class OpsRoutes {

  private static final long PROBE_TIMEOUT_MS = 3000;
  /** The Prometheus text format's type, as the scraping handler answers a GET without Accept. */
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private OpsRoutes() {
  }

  public static void mount(Router router, ServiceRuntime runtime, List<ReadinessCheck> checks) {
    // HEAD too, as for every GET (RFC 9110 9.1): load balancers probe with it.
    router.route("/health/live").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> json(ctx, 200,
            new JsonObject().put("status", "UP").put("service", runtime.name())));
    router.route("/health/ready").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> ready(ctx, runtime, checks));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(runtime.registry()));
    // The text format a GET without Accept gets, its length told, no body.
    router.head("/metrics").handler(ctx -> {
      ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT);
      Responses.end(ctx.request(), Buffer.buffer(runtime.registry().scrape()));
    });
  }

  private static void ready(RoutingContext ctx, ServiceRuntime runtime,
      List<ReadinessCheck> checks) {
    JsonObject results = new JsonObject();
    List<Future<?>> probes = checks.stream()
        .map(check -> probe(check).andThen(ar -> results.put(check.name(),
            ar.succeeded() ? "UP" : "DOWN: " + ar.cause().getMessage())))
        .<Future<?>>map(f -> f)
        .toList();
    Future.join(probes).onComplete(all -> {
      boolean up = all.succeeded();
      json(ctx, up ? 200 : 503, new JsonObject()
          .put("status", up ? "UP" : "DOWN")
          .put("service", runtime.name())
          .put("checks", results));
    });
  }

  private static Future<?> probe(ReadinessCheck check) {
    Future<?> probe;
    try {
      probe = check.probe().get();
    } catch (RuntimeException e) {
      probe = Future.failedFuture(e);
    }
    return probe.timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store");
    Responses.end(ctx.request(), body.toBuffer());
  }
}
