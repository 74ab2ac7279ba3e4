package dev.reel.ingest.events;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drains the outbox every few seconds, one drain at a time. */
public final class OutboxDrainer {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxDrainer.class);

  private final Vertx vertx;
  private final Outbox outbox;
  private final long periodMs;
  private long timerId = -1;
  private boolean draining;

  public OutboxDrainer(Vertx vertx, Outbox outbox, long periodMs) {
    this.vertx = vertx;
    this.outbox = outbox;
    this.periodMs = periodMs;
  }

  public void start() {
    timerId = vertx.setPeriodic(0, periodMs, id -> drainOnce());
  }

  public void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
  }

  private void drainOnce() {
    if (draining) {
      return;
    }
    draining = true;
    outbox.drain()
        .onSuccess(sent -> {
          if (sent > 0) {
            LOG.info("outbox: sent {} pending event(s)", sent);
          }
        })
        .onFailure(e -> LOG.warn("outbox drain failed, will retry: {}", e.toString()))
        .onComplete(done -> draining = false);
  }
}
