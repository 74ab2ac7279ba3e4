package dev.reel.delivery.kafka;

import dev.reel.common.event.DeliveryAccessed;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Topic;
import dev.reel.common.kafka.KafkaClients;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.delivery.config.AccessLogSettings;
import dev.reel.delivery.domain.AccessLogBuffer;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the {@link AccessLogBuffer} into {@code delivery.access}, one batch at a time: every
 * linger interval, or at once while a full batch is waiting. A batch that Kafka did not take
 * goes back to the buffer, and the next attempt, after a growing pause, sends a single record
 * to find out whether Kafka is back before sending whole batches again; so does the very first
 * attempt. A producer that cannot reach Kafka blocks each send for a while, and one record at a
 * time keeps that wait short, also for a service that stops. The requests never wait for any of
 * this: they only add to the buffer.
 *
 * <p>Metrics: {@code reel_delivery_access_log_buffered} (records held),
 * {@code reel_delivery_access_log_dropped_total} (records dropped because the buffer was full)
 * and {@code reel_delivery_access_log_published_total}.
 */
public final class AccessLogPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(AccessLogPublisher.class);
  private static final String SOURCE = "/reel/delivery";
  private static final int MAX_BATCH = 500;
  private static final long MAX_BACKOFF_MS = 30_000;
  /** How long a stopping service still tries to send what it holds. */
  private static final long CLOSE_GRACE_MS = 2_000;

  private final Vertx vertx;
  private final AccessLogBuffer<DeliveryAccessed> buffer;
  private final KafkaProducer<String, CloudEvent> producer;
  private final long lingerMs;
  private final Counter published;
  /** Whether Kafka took the last record sent; until then, records go one at a time. */
  private boolean taking;
  private long backoffMs;
  private boolean closed;
  private long timer = -1;
  private Future<Void> inFlight = Future.succeededFuture();

  private AccessLogPublisher(Vertx vertx, AccessLogBuffer<DeliveryAccessed> buffer,
      KafkaProducer<String, CloudEvent> producer, AccessLogSettings settings,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.buffer = buffer;
    this.producer = producer;
    this.lingerMs = settings.linger().toMillis();
    this.published = registry.counter("reel.delivery.access.log.published");
    Gauge.builder("reel.delivery.access.log.buffered", buffer, AccessLogBuffer::depth)
        .description("access log records waiting to be published").register(registry);
    FunctionCounter.builder("reel.delivery.access.log.dropped", buffer, AccessLogBuffer::dropped)
        .description("access log records dropped because the buffer was full")
        .register(registry);
    // Failed sends are handled per batch; this keeps them from being logged once more.
    producer.exceptionHandler(e -> LOG.debug("access log producer: {}", e.toString()));
  }

  /** Creates the producer off the event loop (construction blocks) and starts draining. */
  public static Future<AccessLogPublisher> start(Vertx vertx, KafkaSettings kafka,
      AccessLogSettings settings, AccessLogBuffer<DeliveryAccessed> buffer,
      MeterRegistry registry) {
    return vertx.executeBlocking(() -> KafkaClients.telemetryProducer(vertx, kafka,
            "reel-delivery-access-log"))
        .map(producer -> {
          AccessLogPublisher publisher = new AccessLogPublisher(vertx, buffer, producer,
              settings, registry);
          publisher.schedule(publisher.lingerMs);
          return publisher;
        });
  }

  private void schedule(long delayMs) {
    if (!closed) {
      timer = vertx.setTimer(delayMs, id -> drain());
    }
  }

  private void drain() {
    timer = -1;
    List<DeliveryAccessed> batch = buffer.take(taking ? MAX_BATCH : 1);
    if (batch.isEmpty()) {
      schedule(lingerMs);
      return;
    }
    inFlight = send(batch)
        .<Void>map(failed -> {
          buffer.done(batch, failed);
          afterBatch(batch.size(), failed.size());
          return null;
        })
        .onFailure(unexpected -> {
          // Whatever went wrong, the drain must go on, or the buffer would only ever fill.
          LOG.warn("access log: batch not handled: {}", unexpected.toString());
          schedule(lingerMs);
        });
  }

  private void afterBatch(int size, int failures) {
    if (failures == 0) {
      if (backoffMs > 0) {
        LOG.info("access log: Kafka takes records again; {} held, {} dropped so far",
            buffer.depth(), buffer.dropped());
      }
      taking = true;
      backoffMs = 0;
      schedule(buffer.depth() >= MAX_BATCH ? 1 : lingerMs);
      return;
    }
    if (backoffMs == 0) {
      LOG.warn("access log: Kafka did not take {} of {} records; holding up to {} in memory, "
          + "then dropping the newest", failures, size, buffer.capacity());
    }
    taking = false;
    backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(lingerMs, backoffMs * 2));
    schedule(backoffMs);
  }

  /** Sends every record of the batch; answers those Kafka did not take, in batch order. */
  private Future<List<DeliveryAccessed>> send(List<DeliveryAccessed> batch) {
    List<Future<Boolean>> sends = new ArrayList<>(batch.size());
    for (DeliveryAccessed access : batch) {
      sends.add(sendOne(access));
    }
    return Future.join(sends).transform(all -> {
      List<DeliveryAccessed> failed = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        if (!Boolean.TRUE.equals(sends.get(i).result())) {
          failed.add(batch.get(i));
        }
      }
      published.increment(batch.size() - failed.size());
      return Future.succeededFuture(failed);
    });
  }

  private Future<Boolean> sendOne(DeliveryAccessed access) {
    try {
      // The request id is the event id: a record sent twice after a retry is one event.
      CloudEvent event = EventCodec.encode(Topic.DELIVERY_ACCESS, SOURCE, access.assetId(),
          access, access.requestId(), access.servedAt().atOffset(ZoneOffset.UTC));
      return producer.send(KafkaProducerRecord.create(Topic.DELIVERY_ACCESS.topicName(),
              access.assetId(), event))
          .map(true)
          .otherwise(false);
    } catch (RuntimeException unencodable) {
      // Retrying cannot help a record that cannot be encoded: it is done with, not retried.
      LOG.warn("asset {}: access log record {} dropped: {}", access.assetId(),
          access.requestId(), unencodable.toString());
      return Future.succeededFuture(true);
    }
  }

  /**
   * Stops draining, gives what is held one last short chance to reach Kafka if Kafka was
   * taking records, and closes the producer; whatever is still held after that is lost with
   * the process.
   */
  public Future<Void> close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    Future<Void> lastBatch = inFlight
        .compose(v -> taking ? sendRest() : Future.<Void>succeededFuture())
        .timeout(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS)
        .recover(e -> Future.succeededFuture());
    return lastBatch
        .eventually(() -> producer.close(CLOSE_GRACE_MS)
            .timeout(2 * CLOSE_GRACE_MS, TimeUnit.MILLISECONDS))
        .recover(e -> Future.succeededFuture())
        .onSuccess(v -> {
          if (buffer.depth() > 0) {
            LOG.warn("access log: {} records not published at shutdown", buffer.depth());
          }
        });
  }

  private Future<Void> sendRest() {
    List<DeliveryAccessed> rest = buffer.take(Integer.MAX_VALUE);
    return send(rest).map(failed -> {
      buffer.done(rest, failed);
      return null;
    });
  }
}
