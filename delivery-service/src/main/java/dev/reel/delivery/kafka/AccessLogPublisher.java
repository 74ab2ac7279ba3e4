package dev.reel.delivery.kafka;

import dev.reel.common.kafka.KafkaClients;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.delivery.config.AccessLogSettings;
import dev.reel.delivery.domain.AccessLogBuffer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the {@link AccessLogBuffer} into {@code delivery.access}, in batches: a full batch at
 * once, whatever is waiting every linger interval, with up to {@value #MAX_IN_FLIGHT} batches
 * under way. The buffer holds {@link AccessEvent}s, already written as Kafka will carry them. Each
 * batch is handed to the Kafka producer by one task on a worker thread, and answers the event loop
 * once, when Kafka has acknowledged or refused every record of it, so that a busy edge costs its
 * event loop a hop per batch rather than per record. A batch that Kafka did not take goes back to
 * the buffer, and the next attempt, after a growing pause, sends a single record to find out
 * whether Kafka is back before sending whole batches again; so does the very first attempt. A
 * producer that cannot reach Kafka blocks each send for a while, and one record at a time keeps
 * that wait short, also for a service that stops. The requests never wait for any of this: they
 * only add to the buffer.
 *
 * <p>Metrics: {@code reel_delivery_access_log_buffered} (records held),
 * {@code reel_delivery_access_log_dropped_total} (records dropped because the buffer was full)
 * and {@code reel_delivery_access_log_published_total}.
 */
public final class AccessLogPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(AccessLogPublisher.class);
  private static final int MAX_BATCH = 1000;
  private static final int MAX_IN_FLIGHT = 4;
  private static final long MAX_BACKOFF_MS = 30_000;
  /** How long a stopping service still tries to send what it holds. */
  private static final long CLOSE_GRACE_MS = 2_000;

  private final Vertx vertx;
  private final Context context;
  private final AccessLogBuffer<AccessEvent> buffer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Producer<byte[], byte[]> kafka;
  private final long lingerMs;
  private final Counter published;
  /** Whether Kafka took the last record sent; until then, records go one at a time. */
  private boolean taking;
  private long backoffMs;
  private boolean closed;
  private long timer = -1;
  private final Set<Future<Void>> inFlight = new HashSet<>();

  private AccessLogPublisher(Vertx vertx, AccessLogBuffer<AccessEvent> buffer,
      KafkaProducer<byte[], byte[]> producer, AccessLogSettings settings,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.buffer = buffer;
    this.producer = producer;
    this.kafka = producer.unwrap();
    this.lingerMs = settings.linger().toMillis();
    this.published = Counter.builder("reel.delivery.access.log.published")
        .description("access log records Kafka acknowledged").register(registry);
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
      AccessLogSettings settings, AccessLogBuffer<AccessEvent> buffer,
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
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      timer = vertx.setTimer(delayMs, id -> {
        timer = -1;
        drain(true);
      });
    }
  }

  /**
   * Sends what the buffer holds: while Kafka takes records, full batches (and with {@code
   * linger} over, the rest too) up to the in-flight bound; while it does not, one probe record
   * when the pause is over. A timer stays set as long as records could be waiting.
   */
  private void drain(boolean lingerOver) {
    if (closed) {
      return;
    }
    if (!taking) {
      if (!lingerOver || !inFlight.isEmpty()) {
        return;
      }
      List<AccessEvent> probe = buffer.take(1);
      if (probe.isEmpty()) {
        schedule(lingerMs);
      } else {
        launch(probe);
      }
      return;
    }
    while (inFlight.size() < MAX_IN_FLIGHT
        && (lingerOver ? buffer.queued() > 0 : buffer.queued() >= MAX_BATCH)) {
      launch(buffer.take(MAX_BATCH));
    }
    if (timer < 0) {
      schedule(lingerMs);
    }
  }

  private void launch(List<AccessEvent> batch) {
    boolean probe = !taking;
    Promise<Void> over = Promise.promise();
    inFlight.add(over.future());
    // send never fails: a batch that went wrong answers all its records as refused.
    send(batch)
        .onSuccess(failed -> {
          inFlight.remove(over.future());
          buffer.done(batch, failed);
          afterBatch(batch.size(), failed.size(), probe);
          over.complete();
        });
  }

  private void afterBatch(int size, int failures, boolean probe) {
    if (failures == 0) {
      if (backoffMs > 0) {
        LOG.info("access log: Kafka takes records again; {} held, {} dropped so far",
            buffer.depth(), buffer.dropped());
      }
      taking = true;
      backoffMs = 0;
      drain(false);
      return;
    }
    if (backoffMs == 0) {
      LOG.warn("access log: Kafka did not take {} of {} records; holding up to {} in memory, "
          + "then dropping the newest", failures, size, buffer.capacity());
    }
    taking = false;
    // Only a failed probe lengthens the pause: batches that were under way together fail
    // together, and count as one failure.
    backoffMs = probe ? Math.min(MAX_BACKOFF_MS, Math.max(lingerMs, backoffMs * 2))
        : Math.max(lingerMs, backoffMs);
    schedule(backoffMs);
  }

  /**
   * Hands every record of the batch to Kafka on a worker thread; answers, on the publisher's
   * context, those Kafka did not take, in batch order. Never fails: if the worker task itself
   * fails, the answer is the whole batch.
   */
  private Future<List<AccessEvent>> send(List<AccessEvent> batch) {
    Promise<List<AccessEvent>> answered = Promise.promise();
    boolean[] refused = new boolean[batch.size()];
    AtomicInteger pending = new AtomicInteger(batch.size());
    Runnable oneDone = () -> {
      if (pending.decrementAndGet() == 0) {
        context.runOnContext(v -> {
          List<AccessEvent> failed = new ArrayList<>();
          for (int i = 0; i < refused.length; i++) {
            if (refused[i]) {
              failed.add(batch.get(i));
            }
          }
          if (answered.tryComplete(failed)) {
            published.increment(batch.size() - failed.size());
          }
        });
      }
    };
    vertx.executeBlocking(() -> {
      // Set by a send that failed before it returned (Kafka unknown after max.block.ms).
      boolean[] failedInSend = new boolean[1];
      Thread sender = Thread.currentThread();
      for (int i = 0; i < batch.size(); i++) {
        int index = i;
        // The request id is the event id: a record sent twice after a retry is one event.
        ProducerRecord<byte[], byte[]> record = batch.get(i).record();
        boolean thrown = false;
        try {
          kafka.send(record, (metadata, error) -> {
            if (error != null) {
              refused[index] = true;
              if (Thread.currentThread() == sender) {
                failedInSend[0] = true;
              }
            }
            oneDone.run();
          });
        } catch (RuntimeException notSent) {
          refused[index] = true;
          oneDone.run();
          thrown = true;
        }
        if (thrown || failedInSend[0]) {
          // The producer gave up waiting for Kafka (or is closed): the rest waits for the next
          // attempt rather than each record waiting as long again.
          for (int j = index + 1; j < batch.size(); j++) {
            refused[j] = true;
            oneDone.run();
          }
          break;
        }
      }
      return null;
    }, false).onFailure(unexpected -> context.runOnContext(v -> {
      // Whatever went wrong, the batch must end, or it would hold its slot for ever; records
      // Kafka took meanwhile may come again, under the same event id.
      if (answered.tryComplete(batch)) {
        LOG.warn("access log: sending a batch failed: {}", unexpected.toString());
      }
    }));
    return answered.future();
  }

  /**
   * Stops draining, gives what is held one last short chance to reach Kafka unless Kafka
   * refused the last records (it was taking them, or has not been asked yet: a service that
   * stops before its first linger is over holds every record it logged), and closes the
   * producer; whatever is still held after that is lost with the process.
   */
  public Future<Void> close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    Future<Void> lastBatch = Future.join(new ArrayList<>(inFlight)).<Void>mapEmpty()
        .otherwiseEmpty()
        .compose(v -> taking || backoffMs == 0 ? sendRest() : Future.<Void>succeededFuture())
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
    List<AccessEvent> rest = buffer.take(Integer.MAX_VALUE);
    return send(rest).map(failed -> {
      buffer.done(rest, failed);
      return null;
    });
  }
}
