package dev.reel.platform.it;

import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.holdsFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.event.Event;
import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.Topic;
import dev.reel.common.kafka.EventConsumer;
import dev.reel.common.kafka.EventPublisher;
import dev.reel.common.kafka.PermanentFailure;
import dev.reel.common.kafka.RetryPolicy;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * common's {@link EventConsumer} against the real broker: typed delivery, bounded retries,
 * dead-lettering with the original record intact, and offsets committed only when a record is
 * done. Every test uses a fresh asset id and consumer group; the consumer reads media.deleted from
 * the start, so handlers ignore events about other assets.
 */
class EventConsumerTest {

  private static final String SOURCE = "/reel/consumer-test";
  private static final RetryPolicy RETRIES =
      new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(50));
  private static final String TOPIC = Topic.MEDIA_DELETED.topicName();
  private static final String DLQ = Topic.MEDIA_DELETED.dlqName();

  private static Vertx vertx;
  private static EventPublisher publisher;
  private final List<EventConsumer> consumers = new ArrayList<>();

  @BeforeAll
  static void connect() {
    TestPlatform.get();
    vertx = Vertx.vertx();
    publisher = EventPublisher.create(vertx, TestPlatform.get().kafka(), SOURCE).await();
  }

  @AfterEach
  void closeConsumers() {
    consumers.forEach(consumer -> consumer.close().await());
  }

  @AfterAll
  static void disconnect() {
    if (publisher != null) {
      publisher.close().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("a handler that succeeds sees the event once, typed, with its CloudEvents "
      + "attributes")
  void deliversOnce() {
    String assetId = AssetId.generate();
    String group = group();
    List<Event<MediaDeleted>> seen = new CopyOnWriteArrayList<>();
    start(group, assetId, event -> {
      seen.add(event);
      return Future.succeededFuture();
    });
    MediaDeleted payload = payload(assetId);
    CloudEvent published = publisher.publish(Topic.MEDIA_DELETED, assetId, payload).await();

    awaitCommitPast(group, find(TOPIC, r -> isEvent(r, published.getId())));
    assertEquals(1, seen.size());
    Event<MediaDeleted> event = seen.get(0);
    assertEquals(published.getId(), event.id());
    assertEquals("media.deleted", event.type());
    assertEquals(URI.create(SOURCE), event.source());
    assertEquals(assetId, event.subject());
    assertNotNull(event.time());
    assertEquals(payload, event.data());
  }

  @Test
  @DisplayName("a consumer closed while a handler is still at work stays quiet when the handler "
      + "ends: no commit and no resume on the closed consumer, which made Vert.x's Kafka client "
      + "start a second thread on it and log thousands of ConcurrentModificationExceptions")
  void closedWhileHandling() throws InterruptedException {
    String assetId = AssetId.generate();
    Promise<Void> handling = Promise.promise();
    CountDownLatch called = new CountDownLatch(1);
    EventConsumer consumer = start(group(), assetId, event -> {
      called.countDown();
      return handling.future();
    });
    publish(assetId);
    assertTrue(called.await(30, TimeUnit.SECONDS), "the handler was not called");

    LoudLogs logs = LoudLogs.capture();
    try {
      consumer.close().await();
      vertx.runOnContext(v -> handling.complete());
      Thread.sleep(1000);
    } finally {
      // Read once nothing appends to it any more.
      logs.close();
    }
    assertEquals(List.of(), logs.loud());
  }

  @Test
  @DisplayName("a handler that fails twice then succeeds is called 3 times and not dead-lettered")
  void retriesThenSucceeds() {
    String assetId = AssetId.generate();
    String group = group();
    List<Instant> calls = new CopyOnWriteArrayList<>();
    start(group, assetId, event -> {
      calls.add(Instant.now());
      return calls.size() < 3 ? Future.failedFuture(new IllegalStateException("not yet"))
          : Future.succeededFuture();
    });
    CloudEvent published = publish(assetId);

    awaitCommitPast(group, find(TOPIC, r -> isEvent(r, published.getId())));
    assertEquals(3, calls.size());
    assertTrue(Duration.between(calls.get(0), calls.get(2)).toMillis() >= 100,
        "two 50 ms backoffs between the attempts: " + calls);
    // A dead letter is written before the offset is committed: if there is none now, none comes.
    assertEquals(List.of(), all(DLQ, r -> assetId.equals(r.key())));
  }

  @Test
  @DisplayName("a handler that always fails is called maxAttempts times, then the original record "
      + "is dead-lettered with reel.dlq.* headers")
  void deadLettersAfterMaxAttempts() {
    String assetId = AssetId.generate();
    String group = group();
    List<Instant> calls = new CopyOnWriteArrayList<>();
    start(group, assetId, event -> {
      calls.add(Instant.now());
      return Future.failedFuture(new IllegalStateException("transcoder exploded " + assetId));
    });
    CloudEvent published = publish(assetId);
    ConsumerRecord<String, byte[]> original = find(TOPIC, r -> isEvent(r, published.getId()));

    ConsumerRecord<String, byte[]> dead = find(DLQ, r -> isDeadLetterOf(r, assetId, group));
    awaitCommitPast(group, original);
    assertEquals(RETRIES.maxAttempts(), calls.size());
    assertEquals(assetId, dead.key());
    assertArrayEquals(original.value(), dead.value());
    assertEquals(ceHeaders(original), ceHeaders(dead));
    assertTrue(header(dead, "reel.dlq.reason").contains("transcoder exploded " + assetId),
        header(dead, "reel.dlq.reason"));
    assertEquals(TOPIC, header(dead, "reel.dlq.topic"));
    assertEquals(String.valueOf(original.offset()), header(dead, "reel.dlq.offset"));
    assertEquals(String.valueOf(original.partition()), header(dead, "reel.dlq.partition"));
    assertEquals(String.valueOf(RETRIES.maxAttempts()), header(dead, "reel.dlq.attempts"));
  }

  @Test
  @DisplayName("a handler throwing PermanentFailure is called once and dead-lettered at once")
  void permanentFailureIsNotRetried() {
    String assetId = AssetId.generate();
    String group = group();
    List<Instant> calls = new CopyOnWriteArrayList<>();
    start(group, assetId, event -> {
      calls.add(Instant.now());
      throw new PermanentFailure("asset " + assetId + " can never be processed");
    });
    CloudEvent published = publish(assetId);

    ConsumerRecord<String, byte[]> dead = find(DLQ, r -> isDeadLetterOf(r, assetId, group));
    awaitCommitPast(group, find(TOPIC, r -> isEvent(r, published.getId())));
    assertEquals(1, calls.size());
    assertEquals("1", header(dead, "reel.dlq.attempts"));
    assertTrue(header(dead, "reel.dlq.reason")
        .contains("PermanentFailure: asset " + assetId + " can never be processed"));
  }

  @Test
  @DisplayName("a record that is not a CloudEvent is dead-lettered without calling the handler, "
      + "and the next event is processed")
  void malformedRecordIsSkipped() throws Exception {
    String assetId = AssetId.generate();
    String group = group();
    List<Event<MediaDeleted>> seen = new CopyOnWriteArrayList<>();
    start(group, assetId, event -> {
      seen.add(event);
      return Future.succeededFuture();
    });
    byte[] garbage = ("not a cloud event " + assetId).getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(kafkaProps(),
        new StringSerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(TOPIC, assetId, garbage)).get();
    }
    // Same key, so same partition: it is behind the garbage.
    CloudEvent valid = publish(assetId);

    ConsumerRecord<String, byte[]> dead = find(DLQ, r -> isDeadLetterOf(r, assetId, group));
    eventually(Duration.ofSeconds(30), "the valid event is handled", () -> !seen.isEmpty());
    assertArrayEquals(garbage, dead.value());
    assertEquals(TOPIC, header(dead, "reel.dlq.topic"));
    assertEquals("0", header(dead, "reel.dlq.attempts"), "0: the record could not be decoded");
    assertTrue(header(dead, "reel.dlq.reason").matches("\\w+: .+"),
        header(dead, "reel.dlq.reason"));
    holdsFor(Duration.ofSeconds(1), () -> assertEquals(1, seen.size()));
    assertEquals(valid.getId(), seen.get(0).id());
  }

  @Test
  @DisplayName("after a handler succeeded the group's offset is past the record, and a new "
      + "consumer in the group does not see it again")
  void committedOffsetSurvivesRestart() throws Exception {
    String assetId = AssetId.generate();
    String group = group();
    List<String> firstRun = new CopyOnWriteArrayList<>();
    EventConsumer first = start(group, assetId, event -> {
      firstRun.add(event.id());
      return Future.succeededFuture();
    });
    CloudEvent published = publish(assetId);
    ConsumerRecord<String, byte[]> record = find(TOPIC, r -> isEvent(r, published.getId()));

    eventually(Duration.ofSeconds(30), "the first consumer handles it", () -> !firstRun.isEmpty());
    awaitCommitPast(group, record);
    first.close().await();
    consumers.remove(first);

    // A marker on the same partition: once the new consumer reaches it, it has passed the record.
    String marker = onSamePartition(assetId, partitionCount());
    List<String> secondRun = new CopyOnWriteArrayList<>();
    start(group, Map.of(assetId, secondRun, marker, secondRun));
    CloudEvent markerEvent = publish(marker);
    eventually(Duration.ofSeconds(30), "the new consumer reaches the marker",
        () -> secondRun.contains(markerEvent.getId()));
    assertEquals(List.of(markerEvent.getId()), secondRun);
  }

  @Test
  @DisplayName("records of one partition are handled one at a time and in order, a retried one "
      + "holding back those behind it")
  void oneAtATimeInOrder() {
    String assetId = AssetId.generate();
    List<String> order = new CopyOnWriteArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    start(group(), assetId, event -> {
      String n = event.data().deletedByKeyId();
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      order.add(n);
      boolean failThisTime = n.equals("0") && order.size() == 1;
      return vertx.timer(100).compose(v -> {
        running.decrementAndGet();
        return failThisTime ? Future.failedFuture(new IllegalStateException("once"))
            : Future.<Void>succeededFuture();
      });
    });
    for (int i = 0; i < 4; i++) {
      publisher.publish(Topic.MEDIA_DELETED, assetId, new MediaDeleted(assetId,
          TestPlatform.BUCKET, StorageLayout.originalKey(assetId), String.valueOf(i),
          Instant.now())).await();
    }

    eventually(Duration.ofSeconds(30), "all four are handled", () -> order.size() == 5);
    assertEquals(List.of("0", "0", "1", "2", "3"), order);
    assertEquals(1, mostAtOnce.get());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"returns null", "throws an Error"})
  @DisplayName("a handler that returns null or throws an Error does not stall the consumer: the "
      + "events behind it are still handled")
  void brokenHandlerDoesNotStall(String breakage) {
    String assetId = AssetId.generate();
    String group = group();
    List<String> seen = new CopyOnWriteArrayList<>();
    start(group, assetId, event -> {
      seen.add(event.id());
      if (seen.size() > 1) {
        return Future.succeededFuture();
      }
      if (breakage.equals("returns null")) {
        return null;
      }
      throw new ExceptionInInitializerError("codec could not initialise");
    });
    CloudEvent broken = publish(assetId);
    CloudEvent next = publish(assetId);

    eventually(Duration.ofSeconds(10), "the event after the broken one is handled",
        () -> seen.contains(next.getId()));
    assertEquals(broken.getId(), seen.get(0));
    awaitCommitPast(group, find(TOPIC, r -> isEvent(r, next.getId())));
  }

  // ---------------------------------------------------------------------------------------------

  private static String group() {
    return "consumer-test-" + UUID.randomUUID();
  }

  private static CloudEvent publish(String assetId) {
    return publisher.publish(Topic.MEDIA_DELETED, assetId, payload(assetId)).await();
  }

  private static MediaDeleted payload(String assetId) {
    return new MediaDeleted(assetId, TestPlatform.BUCKET, StorageLayout.originalKey(assetId),
        "0123456789ab", Instant.now().truncatedTo(ChronoUnit.MICROS));
  }

  /** A consumer that hands events about {@code assetId} to {@code handler} and skips the rest. */
  private EventConsumer start(String group, String assetId,
      Function<Event<MediaDeleted>, Future<Void>> handler) {
    EventConsumer consumer = EventConsumer.builder(vertx, TestPlatform.get().kafka(), group,
            new SimpleMeterRegistry())
        .retryPolicy(RETRIES)
        .on(Topic.MEDIA_DELETED, MediaDeleted.class, event -> assetId.equals(event.subject())
            ? handler.apply(event) : Future.succeededFuture())
        .start().await();
    consumers.add(consumer);
    return consumer;
  }

  /** A consumer that records the ids of events about the given assets. */
  private void start(String group, Map<String, List<String>> idsByAsset) {
    EventConsumer consumer = EventConsumer.builder(vertx, TestPlatform.get().kafka(), group,
            new SimpleMeterRegistry())
        .retryPolicy(RETRIES)
        .on(Topic.MEDIA_DELETED, MediaDeleted.class, event -> {
          List<String> ids = idsByAsset.get(event.subject());
          if (ids != null) {
            ids.add(event.id());
          }
          return Future.succeededFuture();
        })
        .start().await();
    consumers.add(consumer);
  }

  private static boolean isEvent(ConsumerRecord<String, byte[]> record, String eventId) {
    Header id = record.headers().lastHeader("ce_id");
    return id != null && eventId.equals(new String(id.value(), StandardCharsets.UTF_8));
  }

  private static boolean isDeadLetterOf(ConsumerRecord<String, byte[]> record, String assetId,
      String group) {
    return assetId.equals(record.key()) && group.equals(header(record, "reel.dlq.group"));
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static Map<String, String> ceHeaders(ConsumerRecord<String, byte[]> record) {
    return StreamSupport.stream(record.headers().spliterator(), false)
        .filter(h -> h.key().startsWith("ce_"))
        .collect(Collectors.toMap(Header::key,
            h -> new String(h.value(), StandardCharsets.UTF_8)));
  }

  /** Waits until the group committed an offset past {@code record}. */
  private static void awaitCommitPast(String group, ConsumerRecord<String, byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    eventually(Duration.ofSeconds(30), "group " + group + " commits past offset "
        + record.offset() + " of " + partition,
        () -> committedOffset(group, partition) > record.offset());
  }

  private static long committedOffset(String group, TopicPartition partition) {
    try (Admin admin = Admin.create(kafkaProps())) {
      OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get().get(partition);
      return offset == null ? -1 : offset.offset();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first record of {@code topic} that matches, waiting for it up to 30 s. */
  private static ConsumerRecord<String, byte[]> find(String topic,
      Predicate<ConsumerRecord<String, byte[]>> matches) {
    try (KafkaConsumer<String, byte[]> consumer = fromStart(topic)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (matches.test(record)) {
            return record;
          }
        }
      }
    }
    throw new AssertionError("no matching record on " + topic + " within 30 s");
  }

  /** Every record of {@code topic} up to its current end that matches. */
  private static List<ConsumerRecord<String, byte[]>> all(String topic,
      Predicate<ConsumerRecord<String, byte[]>> matches) {
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = fromStart(topic)) {
      Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> {
          if (matches.test(record)) {
            found.add(record);
          }
        });
      }
    }
    return found;
  }

  private static KafkaConsumer<String, byte[]> fromStart(String topic) {
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafkaProps(),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  private static int partitionCount() {
    try (KafkaConsumer<String, byte[]> consumer = fromStart(TOPIC)) {
      return consumer.partitionsFor(TOPIC).size();
    }
  }

  /** A fresh asset id whose records land on the same partition as {@code assetId}'s. */
  private static String onSamePartition(String assetId, int partitions) {
    int wanted = partitionOf(assetId, partitions);
    while (true) {
      String candidate = AssetId.generate();
      if (partitionOf(candidate, partitions) == wanted) {
        return candidate;
      }
    }
  }

  /** The Kafka producer's default partitioner for a keyed record. */
  private static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static Properties kafkaProps() {
    Properties props = new Properties();
    props.put("bootstrap.servers", TestPlatform.get().kafka().bootstrapServers());
    return props;
  }
}
