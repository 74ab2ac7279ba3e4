package dev.reel.common.kafka;

import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Topic;
import io.cloudevents.CloudEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes typed events as CloudEvents (binary mode: attributes in {@code ce_*} headers, JSON
 * payload as the value), keyed by asset id. The returned future succeeds only after the broker
 * acknowledged the record on all in-sync replicas.
 */
public final class EventPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  private final KafkaProducer<String, CloudEvent> producer;
  private final String source;

  public EventPublisher(KafkaProducer<String, CloudEvent> producer, String source) {
    this.producer = producer;
    this.source = source;
    // Failed sends are reported through the returned futures; this keeps them from being
    // logged a second time as unhandled exceptions.
    producer.exceptionHandler(e -> LOG.debug("producer: {}", e.toString()));
  }

  /**
   * Creates the producer on a worker thread (its construction blocks on class loading and DNS).
   *
   * @param source the CloudEvents source of every event, such as {@code /reel/ingest}
   */
  public static Future<EventPublisher> create(Vertx vertx, KafkaSettings settings,
      String source) {
    String clientId = "reel" + source.replace('/', '-');
    return vertx.executeBlocking(() -> new EventPublisher(
        KafkaClients.eventProducer(vertx, settings, clientId), source));
  }

  public Future<CloudEvent> publish(Topic topic, String assetId, Record payload) {
    return send(topic, EventCodec.encode(topic, source, assetId, payload));
  }

  /** Sends an event built elsewhere (kept in an outbox, say); its subject is the record key. */
  public Future<CloudEvent> send(Topic topic, CloudEvent event) {
    String assetId = event.getSubject();
    return producer.send(KafkaProducerRecord.create(topic.topicName(), assetId, event))
        .map(metadata -> logged(metadata, event, assetId))
        .onFailure(e -> LOG.warn("asset {}: {} event {} not published: {}", assetId, topic,
            event.getId(), e.toString()));
  }

  private static CloudEvent logged(RecordMetadata metadata, CloudEvent event, String assetId) {
    LOG.info("asset {}: published {} {} to partition {} offset {}", assetId, event.getType(),
        event.getId(), metadata.getPartition(), metadata.getOffset());
    return event;
  }

  /** The CloudEvents source this publisher stamps on the events it builds. */
  public String source() {
    return source;
  }

  public Future<Void> close() {
    return producer.close();
  }
}
