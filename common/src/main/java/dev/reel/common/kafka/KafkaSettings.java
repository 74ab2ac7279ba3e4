package dev.reel.common.kafka;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;

/**
 * Where the Kafka cluster is, and how topics are created where they are missing (one replica
 * suits the embedded single broker; a production cluster wants 3).
 */
public record KafkaSettings(String bootstrapServers, int topicPartitions,
    short topicReplicationFactor) {

  public static final String BOOTSTRAP_SERVERS = "REEL_KAFKA_BOOTSTRAP_SERVERS";
  public static final String TOPIC_PARTITIONS = "REEL_KAFKA_TOPIC_PARTITIONS";
  public static final String TOPIC_REPLICATION_FACTOR = "REEL_KAFKA_TOPIC_REPLICATION_FACTOR";

  public static KafkaSettings of(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, 6, (short) 1);
  }

  public static JsonObject defaults() {
    return new JsonObject()
        .put(BOOTSTRAP_SERVERS, "127.0.0.1:9092")
        .put(TOPIC_PARTITIONS, "6")
        .put(TOPIC_REPLICATION_FACTOR, "1");
  }

  public static KafkaSettings read(ConfigReader config) {
    int partitions = config.integer(TOPIC_PARTITIONS);
    if (partitions < 1 || partitions > 1000) {
      throw new ConfigException(TOPIC_PARTITIONS + " must be between 1 and 1000, was "
          + partitions);
    }
    int replication = config.integer(TOPIC_REPLICATION_FACTOR);
    if (replication < 1 || replication > 10) {
      throw new ConfigException(TOPIC_REPLICATION_FACTOR + " must be between 1 and 10, was "
          + replication);
    }
    return new KafkaSettings(config.string(BOOTSTRAP_SERVERS), partitions, (short) replication);
  }
}
