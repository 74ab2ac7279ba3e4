package dev.reel.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaSettingsTest {

  private static final String PARTITIONS = "REEL_KAFKA_TOPIC_PARTITIONS";
  private static final String REPLICATION = "REEL_KAFKA_TOPIC_REPLICATION_FACTOR";

  private static KafkaSettings read(JsonObject json) {
    return KafkaSettings.read(new ConfigReader(json));
  }

  private static void assertRejectedNaming(JsonObject json, String key, String value) {
    ConfigException e = assertThrows(ConfigException.class, () -> read(json));
    assertTrue(e.getMessage().contains(key), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }

  @Test
  @DisplayName("the defaults are a local broker, 6 partitions and 1 replica")
  void defaults() {
    assertEquals(new KafkaSettings("127.0.0.1:9092", 6, (short) 1),
        read(KafkaSettings.defaults()));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("1 to 1000 partitions are accepted")
  @ValueSource(ints = {1, 12, 1000})
  void partitionsInRange(int partitions) {
    assertEquals(partitions, read(KafkaSettings.defaults()
        .put(PARTITIONS, String.valueOf(partitions))).topicPartitions());
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("partitions outside 1..1000 are rejected, naming the key and the value")
  @ValueSource(ints = {-1, 0, 1001})
  void partitionsOutOfRange(int partitions) {
    assertRejectedNaming(KafkaSettings.defaults().put(PARTITIONS, String.valueOf(partitions)),
        PARTITIONS, String.valueOf(partitions));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a replication factor of 1 to 10 is accepted")
  @ValueSource(ints = {1, 3, 10})
  void replicationInRange(int replication) {
    assertEquals((short) replication, read(KafkaSettings.defaults()
        .put(REPLICATION, String.valueOf(replication))).topicReplicationFactor());
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a replication factor outside 1..10 is rejected, naming the key and the value")
  @ValueSource(ints = {-1, 0, 11, 32768})
  void replicationOutOfRange(int replication) {
    assertRejectedNaming(KafkaSettings.defaults().put(REPLICATION, String.valueOf(replication)),
        REPLICATION, String.valueOf(replication));
  }

  @Test
  @DisplayName("a non-numeric partition count is rejected, naming the key")
  void partitionsNotANumber() {
    assertRejectedNaming(KafkaSettings.defaults().put(PARTITIONS, "six"), PARTITIONS, "six");
  }

  @Test
  @DisplayName("missing bootstrap servers are rejected, naming REEL_KAFKA_BOOTSTRAP_SERVERS")
  void missingBootstrapServers() {
    JsonObject json = KafkaSettings.defaults();
    json.remove("REEL_KAFKA_BOOTSTRAP_SERVERS");
    ConfigException e = assertThrows(ConfigException.class, () -> read(json));
    assertTrue(e.getMessage().contains("REEL_KAFKA_BOOTSTRAP_SERVERS"), e.getMessage());
  }
}
