package dev.reel.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicTest {

  @Test
  @DisplayName("no two topics share a name")
  void namesUnique() {
    List<String> names = Arrays.stream(Topic.values()).map(Topic::topicName).toList();
    assertEquals(names.size(), new HashSet<>(names).size(), names::toString);
  }

  @Test
  @DisplayName("no dead-letter topic name collides with a topic or another dead-letter topic")
  void dlqNamesUnique() {
    List<String> all = Arrays.stream(Topic.values())
        .flatMap(t -> Stream.of(t.topicName(), t.dlqName())).toList();
    assertEquals(all.size(), Set.copyOf(all).size(), all::toString);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("the dead-letter topic is the topic name plus '.dlq'")
  @EnumSource(Topic.class)
  void dlqName(Topic topic) {
    assertEquals(topic.topicName() + ".dlq", topic.dlqName());
  }

  @Test
  @DisplayName("the dead-letter topic of media.uploaded is media.uploaded.dlq")
  void dlqNameExample() {
    assertEquals("media.uploaded.dlq", Topic.MEDIA_UPLOADED.dlqName());
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("byName finds every topic by its own name")
  @EnumSource(Topic.class)
  void byNameRoundTrip(Topic topic) {
    assertEquals(Optional.of(topic), Topic.byName(topic.topicName()));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("byName finds nothing for an unknown, enum-constant, dead-letter or blank name")
  @NullAndEmptySource
  @ValueSource(strings = {"media.unknown", "MEDIA_UPLOADED", "Media.Uploaded",
      "media.uploaded.dlq", " media.uploaded"})
  void byNameUnknown(String name) {
    assertEquals(Optional.empty(), Topic.byName(name));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("the CloudEvents type of a topic's events is the topic name")
  @EnumSource(Topic.class)
  void eventTypeIsTopicName(Topic topic) {
    assertEquals(topic.topicName(), topic.eventType());
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("toString is the topic name")
  @EnumSource(Topic.class)
  void toStringIsTopicName(Topic topic) {
    assertEquals(topic.topicName(), topic.toString());
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a topic name is a valid Kafka topic name")
  @EnumSource(Topic.class)
  void validKafkaName(Topic topic) {
    assertTrue(topic.dlqName().matches("[a-zA-Z0-9._-]{1,249}"), topic.dlqName());
  }

  @Test
  @DisplayName("lifecycle topics are kept forever, telemetry topics for a week")
  void retention() {
    assertEquals(Topic.Retention.FOREVER, Topic.MEDIA_UPLOADED.retention());
    assertEquals(Topic.Retention.WEEK, Topic.TRANSCODE_PROGRESS.retention());
    assertEquals(-1L, Topic.Retention.FOREVER.millis);
    assertEquals(604_800_000L, Topic.Retention.WEEK.millis);
  }
}
