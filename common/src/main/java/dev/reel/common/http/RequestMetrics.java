package dev.reel.common.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code reel_http_server_requests_seconds}: every routed request's time from its arrival to the
 * end of its response, by status ({@code none} when the client left before a status was sent).
 *
 * <p>It stands in for Vert.x's own HTTP server metrics, which register a gauge and look up four
 * meters on every request; on the delivery edge serving small ranges that was a tenth of its
 * event loop. Here a request costs a clock read and, once its status has been seen, an array
 * read.
 */
final class RequestMetrics implements Handler<RoutingContext> {

  static final String NAME = "reel.http.server.requests";
  private static final int NONE = 0;

  private final MeterRegistry registry;
  /** By status code, made on first use; slot 0 for no status. */
  private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(600);

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    boolean[] recorded = {false};
    Runnable record = () -> {
      if (!recorded[0]) {
        recorded[0] = true;
        timer(ctx.response()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      }
    };
    ctx.addEndHandler(ended -> record.run());
    // A file the client hung up on never ends: the request counts when that is seen.
    ResponseCut.onCut(ctx, record);
    ctx.next();
  }

  private Timer timer(HttpServerResponse response) {
    int status = response.headWritten() ? response.getStatusCode() : NONE;
    int slot = status > 0 && status < timers.length() ? status : NONE;
    Timer timer = timers.get(slot);
    if (timer == null) {
      timer = Timer.builder(NAME)
          .description("HTTP requests served, from arrival to the end of the response")
          .tag("status", slot == NONE ? "none" : String.valueOf(slot))
          .register(registry);
      timers.set(slot, timer);
    }
    return timer;
  }
}
