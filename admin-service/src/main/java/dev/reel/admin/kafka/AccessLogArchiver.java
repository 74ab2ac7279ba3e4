package dev.reel.admin.kafka;

import dev.reel.admin.config.AccessLogArchiveSettings;
import dev.reel.admin.domain.AccessLogBatch;
import dev.reel.admin.domain.AccessLogBatch.LogObject;
import dev.reel.admin.domain.AccessLogLine;
import dev.reel.admin.storage.AccessLogStore;
import dev.reel.common.event.Topic;
import dev.reel.common.kafka.KafkaClients;
import dev.reel.common.kafka.KafkaSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code delivery.access} in a consumer group and writes the records to the bucket as
 * access log objects ({@link AccessLogBatch}), every flush interval or every so many records.
 * Offsets are committed only after the objects are written, so a crash replays rather than
 * loses records, and the replay overwrites the same objects. When the bucket cannot be written,
 * the batch is read again from Kafka after a pause; nothing piles up in memory meanwhile.
 */
public final class AccessLogArchiver {

  private static final Logger LOG = LoggerFactory.getLogger(AccessLogArchiver.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final long MAX_BACKOFF_MS = 30_000;

  private final Vertx vertx;
  private final KafkaConsumer<String, byte[]> consumer;
  private final AccessLogStore store;
  private final AccessLogArchiveSettings settings;
  private final Counter archived;
  private final Counter objects;
  private final Counter malformed;
  private AccessLogBatch batch = new AccessLogBatch();
  private long batchStartedNanos;
  private long backoffMs;
  private volatile boolean closed;
  private Future<Void> loop = Future.succeededFuture();

  private AccessLogArchiver(Vertx vertx, KafkaConsumer<String, byte[]> consumer,
      AccessLogStore store, AccessLogArchiveSettings settings, MeterRegistry registry) {
    this.vertx = vertx;
    this.consumer = consumer;
    this.store = store;
    this.settings = settings;
    this.archived = Counter.builder("reel.admin.access.log.records")
        .description("access log records written to the bucket").register(registry);
    this.objects = Counter.builder("reel.admin.access.log.objects")
        .description("access log objects written to the bucket").register(registry);
    this.malformed = Counter.builder("reel.admin.access.log.malformed")
        .description("delivery.access records skipped as not a valid event")
        .register(registry);
  }

  public static Future<AccessLogArchiver> start(Vertx vertx, KafkaSettings kafka,
      AccessLogArchiveSettings settings, AccessLogStore store, MeterRegistry registry) {
    Map<String, String> config = KafkaClients.consumerConfig(kafka, settings.group(),
        settings.group());
    config.put("max.poll.records", "1000");
    return vertx.executeBlocking(() -> KafkaClients.rawConsumer(vertx, config))
        .map(consumer -> new AccessLogArchiver(vertx, consumer, store, settings, registry))
        .compose(archiver -> archiver.subscribe().map(archiver));
  }

  private Future<Void> subscribe() {
    consumer.exceptionHandler(e -> LOG.warn("access log archiver: {}", e.toString()));
    // Records of partitions handed to another instance are its to write now.
    consumer.partitionsRevokedHandler(revoked -> batch.forget(revoked.stream()
        .map(TopicPartition::getPartition).collect(Collectors.toSet())));
    return consumer.subscribe(Topic.DELIVERY_ACCESS.topicName())
        .onSuccess(v -> vertx.runOnContext(x -> next()));
  }

  private void next() {
    if (closed) {
      return;
    }
    loop = consumer.poll(POLL)
        .map(records -> {
          read(records);
          return null;
        })
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("access log archiver: poll failed: {}", e.toString());
          return vertx.timer(1000).mapEmpty();
        })
        .compose(v -> due() ? flush() : Future.succeededFuture())
        .onComplete(v -> next());
  }

  private void read(KafkaConsumerRecords<String, byte[]> records) {
    for (int i = 0; i < records.size(); i++) {
      KafkaConsumerRecord<String, byte[]> record = records.recordAt(i);
      if (batch.isEmpty()) {
        batchStartedNanos = System.nanoTime();
      }
      try {
        AccessLogLine line = AccessLogRecords.read(record.topic(), record.record().headers(),
            record.value());
        batch.add(new AccessLogBatch.Line(record.partition(), record.offset(), line.servedAt(),
            line.json()));
      } catch (RuntimeException e) {
        malformed.increment();
        LOG.warn("asset {}: delivery.access record at {}-{} skipped, not a valid event: {}",
            record.key(), record.partition(), record.offset(), e.toString());
        batch.consumed(record.partition(), record.offset());
      }
    }
  }

  private boolean due() {
    if (batch.isEmpty()) {
      return false;
    }
    return batch.size() >= settings.maxRecords()
        || System.nanoTime() - batchStartedNanos >= settings.flushInterval().toNanos();
  }

  private Future<Void> flush() {
    AccessLogBatch writing = batch;
    batch = new AccessLogBatch();
    return vertx.executeBlocking(writing::objects)
        .compose(this::write)
        .compose(written -> commit(writing).map(written))
        .map(written -> {
          objects.increment(written.size());
          archived.increment(written.stream().mapToInt(LogObject::records).sum());
          backoffMs = 0;
          return (Void) null;
        })
        .recover(e -> retryLater(writing, e));
  }

  private Future<List<LogObject>> write(List<LogObject> logObjects) {
    List<Future<Void>> puts = new ArrayList<>();
    for (LogObject object : logObjects) {
      puts.add(store.put(object.key(), object.gzipped()));
    }
    return Future.all(puts).map(logObjects);
  }

  private Future<Void> commit(AccessLogBatch written) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    written.nextOffsets().forEach((partition, next) -> offsets.put(
        new TopicPartition(Topic.DELIVERY_ACCESS.topicName(), partition),
        new OffsetAndMetadata(next, "")));
    return consumer.commit(offsets)
        .<Void>mapEmpty()
        // The objects are written: a replay after a failed commit overwrites them.
        .recover(e -> {
          LOG.warn("access log archiver: offsets {} not committed: {}", offsets, e.toString());
          return Future.succeededFuture();
        });
  }

  /** Reads the batch again from Kafka after a pause, instead of holding it in memory. */
  private Future<Void> retryLater(AccessLogBatch failed, Throwable cause) {
    backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(1000, backoffMs * 2));
    LOG.warn("access log archiver: {} records not written, reading them again in {} ms: {}",
        failed.size(), backoffMs, cause.toString());
    List<Future<Void>> seeks = new ArrayList<>();
    failed.firstOffsets().forEach((partition, first) -> seeks.add(consumer.seek(
        new TopicPartition(Topic.DELIVERY_ACCESS.topicName(), partition), first)));
    return Future.join(seeks).<Void>mapEmpty()
        .recover(e -> Future.succeededFuture())
        .compose(v -> vertx.timer(backoffMs).mapEmpty());
  }

  /** Writes what it holds, if it can within a few seconds, and leaves the group. */
  public Future<Void> close() {
    closed = true;
    return loop.recover(e -> Future.succeededFuture())
        .compose(v -> batch.isEmpty() ? Future.succeededFuture() : flush())
        .timeout(5, java.util.concurrent.TimeUnit.SECONDS)
        .recover(e -> Future.succeededFuture())
        .eventually(consumer::close);
  }
}
