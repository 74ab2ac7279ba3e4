package dev.reel.common.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a record that could not be processed to {@code <topic>.dlq}: the original key, value and
 * headers (so the CloudEvent is intact), plus {@code reel.dlq.*} headers saying where it came
 * from and why it failed. Keeps trying until the broker has it: the offset of the original is
 * only committed after that, so no event is ever dropped.
 */
final class DeadLetters {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
  static final String HEADER_PREFIX = "reel.dlq.";

  private final Vertx vertx;
  private final KafkaProducer<String, byte[]> producer;
  private final RetryPolicy retryPolicy;

  DeadLetters(Vertx vertx, KafkaProducer<String, byte[]> producer, RetryPolicy retryPolicy) {
    this.vertx = vertx;
    this.producer = producer;
    this.retryPolicy = retryPolicy;
  }

  Future<Void> send(KafkaConsumerRecord<String, byte[]> original, String groupId,
      Throwable reason, int attempts) {
    var record = KafkaProducerRecord.create(original.topic() + dev.reel.common.event.Topic.DLQ_SUFFIX,
        original.key(), original.value());
    List<KafkaHeader> headers = new ArrayList<>(original.headers());
    headers.add(KafkaHeader.header(HEADER_PREFIX + "reason", describe(reason)));
    headers.add(KafkaHeader.header(HEADER_PREFIX + "topic", original.topic()));
    headers.add(KafkaHeader.header(HEADER_PREFIX + "partition",
        String.valueOf(original.partition())));
    headers.add(KafkaHeader.header(HEADER_PREFIX + "offset", String.valueOf(original.offset())));
    headers.add(KafkaHeader.header(HEADER_PREFIX + "group", groupId));
    headers.add(KafkaHeader.header(HEADER_PREFIX + "attempts", String.valueOf(attempts)));
    record.addHeaders(headers);
    LOG.error("asset {}: {} record at offset {} dead-lettered after {} attempt(s): {}",
        original.key(), original.topic(), original.offset(), attempts, describe(reason));
    return sendUntilAcknowledged(record, 1);
  }

  private Future<Void> sendUntilAcknowledged(KafkaProducerRecord<String, byte[]> record,
      int attempt) {
    return producer.send(record).<Void>mapEmpty().recover(e -> {
      long backoff = retryPolicy.backoffMillis(attempt);
      LOG.error("dead-letter topic {} unreachable (attempt {}), retrying in {} ms: {}",
          record.topic(), attempt, backoff, e.toString());
      return vertx.timer(backoff).compose(v -> sendUntilAcknowledged(record, attempt + 1));
    });
  }

  private static String describe(Throwable reason) {
    String message = reason.getMessage();
    return reason.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  Future<Void> close() {
    return producer.close();
  }
}
