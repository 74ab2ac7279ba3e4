package dev.reel.common.service;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

/** What every verticle of a service shares: its Vert.x instance, its metrics and its name. */
public record ServiceRuntime(Vertx vertx, PrometheusMeterRegistry registry, String name) {

  /**
   * A Vert.x instance whose pool and connection metrics, plus JVM metrics, land in one
   * Prometheus registry tagged with the service name. Requests served are timed by the router
   * ({@code ServiceHttp.router}) instead of by Vert.x's HTTP server metrics, which cost a gauge
   * registration and four meter lookups per request; Vert.x's HTTP client metrics cost the same
   * on every request a service makes (delivery's origin GETs among them, timed by delivery's own
   * origin latency histogram instead), and are off too.
   *
   * <p>One event loop, which also accepts the service's connections ({@link
   * EventLoopAcceptorTransport}): a service deploys one verticle, whose server serves every
   * connection on its own event loop, so Vert.x's default of two loops per core left the others
   * idle.
   */
  public static ServiceRuntime create(String name) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("service", name);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions()
            .setEventLoopPoolSize(1)
            .setMetricsOptions(new MicrometerMetricsOptions()
                .setEnabled(true)
                .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
                .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .withTransport(new EventLoopAcceptorTransport())
        .build();
    return new ServiceRuntime(vertx, registry, name);
  }
}
