package dev.reel.common.kafka;

import io.cloudevents.kafka.CloudEventSerializer;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The one place where Reel's Kafka client settings are decided. */
public final class KafkaClients {

  private KafkaClients() {
  }

  /**
   * A producer that reports success only once every in-sync replica has the record, and that
   * cannot write duplicates when it retries on its own.
   */
  public static Map<String, String> producerConfig(KafkaSettings settings, String clientId) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", settings.bootstrapServers());
    config.put("client.id", clientId);
    config.put("acks", "all");
    config.put("enable.idempotence", "true");
    config.put("max.in.flight.requests.per.connection", "5");
    config.put("linger.ms", "5");
    // Bounded waits: a publish fails after this long instead of hanging a request forever, and
    // the caller decides whether to retry.
    config.put("max.block.ms", "10000");
    config.put("request.timeout.ms", "10000");
    config.put("delivery.timeout.ms", "30000");
    return config;
  }

  public static KafkaProducer<String, io.cloudevents.CloudEvent> eventProducer(
      Vertx vertx, KafkaSettings settings, String clientId) {
    return KafkaProducer.create(vertx, producerConfig(settings, clientId),
        new StringSerializer(), new CloudEventSerializer());
  }

  /**
   * A producer for high-volume telemetry such as access logs: as durable as
   * {@link #producerConfig}, but records wait up to 100 ms to share a batch of up to 256 KiB,
   * compressed with LZ4 (a batch of access records shrinks several times over, and the broker
   * and every consumer handle a few large batches instead of many small ones); and a send fails
   * after 2 s instead of blocking for 10 when the cluster cannot be reached, so that the
   * caller's own bounded buffer, not the producer, rides out an outage. Keys and values are
   * bytes: the caller writes its records, headers included, itself.
   */
  public static KafkaProducer<byte[], byte[]> telemetryProducer(
      Vertx vertx, KafkaSettings settings, String clientId) {
    Map<String, String> config = producerConfig(settings, clientId);
    config.put("linger.ms", "100");
    config.put("batch.size", String.valueOf(256 * 1024));
    config.put("compression.type", "lz4");
    config.put("max.block.ms", "2000");
    return KafkaProducer.create(vertx, config, new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  public static KafkaProducer<String, byte[]> rawProducer(
      Vertx vertx, KafkaSettings settings, String clientId) {
    return KafkaProducer.create(vertx, producerConfig(settings, clientId),
        new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * A consumer whose offsets move only when Reel commits them, after the handler succeeded or
   * the record was dead-lettered.
   */
  public static Map<String, String> consumerConfig(
      KafkaSettings settings, String groupId, String clientId) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", settings.bootstrapServers());
    config.put("group.id", groupId);
    config.put("client.id", clientId);
    config.put("enable.auto.commit", "false");
    config.put("auto.offset.reset", "earliest");
    config.put("isolation.level", "read_committed");
    config.put("max.poll.records", "100");
    return config;
  }

  public static KafkaConsumer<String, byte[]> rawConsumer(
      Vertx vertx, Map<String, String> config) {
    return KafkaConsumer.create(vertx, config, new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  public static KafkaAdminClient admin(Vertx vertx, KafkaSettings settings) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", settings.bootstrapServers());
    config.put("request.timeout.ms", "5000");
    config.put("default.api.timeout.ms", "10000");
    return KafkaAdminClient.create(vertx, config);
  }
}
