package dev.reel.platform.it;

import dev.reel.common.event.Topic;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from its start to its current end, as a consumer would. */
public final class TestTopics {

  private TestTopics() {
  }

  /**
   * The events on {@code topic} whose key passes {@code keys}, by CloudEvents id: delivery is
   * at-least-once and an outbox may write one event twice under one id, which a consumer
   * counts once.
   */
  public static Map<String, CloudEvent> events(Topic topic, Predicate<String> keys) {
    return byId(records(TestPlatform.get().kafka().bootstrapServers(), topic, keys));
  }

  /** The records by CloudEvents id, the first of each id. */
  public static Map<String, CloudEvent> byId(List<CloudEvent> records) {
    Map<String, CloudEvent> found = new LinkedHashMap<>();
    records.forEach(event -> found.putIfAbsent(event.getId(), event));
    return found;
  }

  /**
   * Every record on {@code topic} of the broker at {@code bootstrapServers} whose key passes
   * {@code keys}, duplicates included, in the order of each partition.
   */
  public static List<CloudEvent> records(String bootstrapServers, Topic topic,
      Predicate<String> keys) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(props,
        new StringDeserializer(), new CloudEventDeserializer())) {
      String name = topic.topicName();
      List<TopicPartition> partitions = consumer.partitionsFor(name).stream()
          .map(p -> new TopicPartition(name, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<CloudEvent> found = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(name + " not read to its end within 20 s");
        }
        for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(200))) {
          if (keys.test(record.key())) {
            found.add(record.value());
          }
        }
      }
      return found;
    }
  }

  /**
   * Makes a new consumer group start at the current end of {@code topic}, so a service started
   * with it handles only what the test publishes from now on, not every earlier test's events.
   */
  public static void groupStartsAtEnd(String groupId, Topic topic) {
    Properties props = new Properties();
    props.put("bootstrap.servers", TestPlatform.get().kafka().bootstrapServers());
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(props);
        KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(props,
            new StringDeserializer(), new CloudEventDeserializer())) {
      String name = topic.topicName();
      List<TopicPartition> partitions = consumer.partitionsFor(name).stream()
          .map(p -> new TopicPartition(name, p.partition())).toList();
      Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets =
          new LinkedHashMap<>();
      consumer.endOffsets(partitions).forEach((p, end) ->
          offsets.put(p, new org.apache.kafka.clients.consumer.OffsetAndMetadata(end)));
      admin.alterConsumerGroupOffsets(groupId, offsets).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot move group " + groupId + " to the end", e);
    }
  }

  /** The record keys (asset ids) in {@code topic}'s dead-letter topic. */
  public static java.util.Set<String> deadLetters(Topic topic) {
    Properties props = new Properties();
    props.put("bootstrap.servers", TestPlatform.get().kafka().bootstrapServers());
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props,
        new StringDeserializer(), new org.apache.kafka.common.serialization
            .ByteArrayDeserializer())) {
      String name = topic.dlqName();
      List<TopicPartition> partitions = consumer.partitionsFor(name).stream()
          .map(p -> new TopicPartition(name, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      java.util.Set<String> keys = new java.util.HashSet<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
      }
      return keys;
    }
  }

  /** The events about one asset on {@code topic}, by CloudEvents id. */
  public static Map<String, CloudEvent> events(Topic topic, String assetId) {
    return events(topic, assetId::equals);
  }
}
