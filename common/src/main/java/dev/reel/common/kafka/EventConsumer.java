package dev.reel.common.kafka;

import dev.reel.common.event.Event;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Topic;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes typed events one record at a time, in partition order. A record's offset is committed
 * only after its handler's future succeeded, or after the record was written to the topic's
 * dead-letter topic following {@link RetryPolicy bounded retries} (at once for a
 * {@link PermanentFailure} or an event that cannot be decoded). So a crash replays, and never
 * skips, a record: handlers must be idempotent.
 */
public final class EventConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);
  /** Stateless: one serves every record. */
  private static final CloudEventDeserializer CLOUD_EVENTS = new CloudEventDeserializer();

  private record Registration<T>(Class<T> type, Function<Event<T>, Future<Void>> handler) {
  }

  private final Vertx vertx;
  private final KafkaConsumer<String, byte[]> consumer;
  private final DeadLetters deadLetters;
  private final Map<String, Registration<?>> handlers;
  private final RetryPolicy retryPolicy;
  private final boolean commits;
  private final String groupId;
  private final MeterRegistry registry;
  /**
   * Set by {@link #close}: a record still being handled then is neither committed nor followed
   * by a resume. Vert.x's Kafka consumer, asked anything once closed, starts a new worker thread
   * for it, which then races the closing one on a consumer that is not thread safe. The record
   * comes again to whoever reads the group next.
   */
  private volatile boolean closed;

  private EventConsumer(Builder builder, KafkaConsumer<String, byte[]> consumer,
      DeadLetters deadLetters) {
    this.vertx = builder.vertx;
    this.consumer = consumer;
    this.deadLetters = deadLetters;
    this.handlers = Map.copyOf(builder.handlers);
    this.retryPolicy = builder.retryPolicy;
    this.commits = !builder.replay;
    this.groupId = builder.groupId;
    this.registry = builder.registry;
  }

  public static Builder builder(Vertx vertx, KafkaSettings settings, String groupId,
      MeterRegistry registry) {
    return new Builder(vertx, settings, groupId, registry);
  }

  private Future<Void> subscribe() {
    consumer.handler(this::onRecord);
    consumer.exceptionHandler(e -> LOG.warn("consumer group {}: {}", groupId, e.toString()));
    return consumer.subscribe(handlers.keySet());
  }

  private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
    consumer.pause();
    Future<Void> processed;
    try {
      processed = process(record);
    } catch (Throwable unexpected) {
      // Whatever escaped, the consumer must not stay paused: treat it like a handler failure.
      processed = deadLetters.send(record, groupId, unexpected, 0);
    }
    processed
        .compose(v -> commit(record))
        .onComplete(done -> {
          if (closed) {
            return;
          }
          if (done.failed()) {
            LOG.warn("consumer group {}: offset {} of {}-{} not committed: {}", groupId,
                record.offset(), record.topic(), record.partition(), done.cause().toString());
          }
          consumer.resume();
        });
  }

  private Future<Void> process(KafkaConsumerRecord<String, byte[]> record) {
    Registration<?> registration = handlers.get(record.topic());
    return decodeAndHandle(registration, record);
  }

  private <T> Future<Void> decodeAndHandle(Registration<T> registration,
      KafkaConsumerRecord<String, byte[]> record) {
    Event<T> event;
    try {
      CloudEvent cloudEvent = CLOUD_EVENTS.deserialize(record.topic(), record.record().headers(),
          record.value());
      event = EventCodec.decode(cloudEvent, registration.type());
    } catch (RuntimeException e) {
      count(record.topic(), "malformed");
      return deadLetters.send(record, groupId, e, 0);
    }
    return attempt(registration, event, record, 1);
  }

  private <T> Future<Void> attempt(Registration<T> registration, Event<T> event,
      KafkaConsumerRecord<String, byte[]> record, int attempt) {
    Future<Void> handled;
    try {
      handled = Objects.requireNonNull(registration.handler().apply(event),
          "the handler returned no future");
    } catch (RuntimeException | LinkageError | AssertionError e) {
      handled = Future.failedFuture(e);
    }
    return handled
        .onSuccess(v -> count(record.topic(), "handled"))
        .recover(failure -> {
          if (failure instanceof PermanentFailure || attempt >= retryPolicy.maxAttempts()) {
            count(record.topic(), "dead-lettered");
            return deadLetters.send(record, groupId, failure, attempt);
          }
          long backoff = retryPolicy.backoffMillis(attempt);
          LOG.warn("asset {}: {} event {} failed (attempt {}/{}), retrying in {} ms: {}",
              record.key(), record.topic(), event.id(), attempt, retryPolicy.maxAttempts(),
              backoff, failure.toString());
          count(record.topic(), "retried");
          return vertx.timer(backoff).compose(v -> attempt(registration, event, record,
              attempt + 1));
        });
  }

  private Future<Void> commit(KafkaConsumerRecord<String, byte[]> record) {
    if (!commits || closed) {
      return Future.succeededFuture();
    }
    return consumer.commit(Map.of(new TopicPartition(record.topic(), record.partition()),
            new OffsetAndMetadata(record.offset() + 1, "")))
        .mapEmpty();
  }

  private void count(String topic, String outcome) {
    Counter.builder("reel.events.consumed")
        .tags("topic", topic, "group", groupId, "outcome", outcome)
        .description("events read by this consumer group, by outcome").register(registry)
        .increment();
  }

  public Future<Void> close() {
    closed = true;
    return consumer.close().compose(v -> deadLetters.close());
  }

  /** Declares which topics to read and what to do with each. */
  public static final class Builder {
    private final Vertx vertx;
    private final KafkaSettings settings;
    private final String groupId;
    private final MeterRegistry registry;
    private final Map<String, Registration<?>> handlers = new LinkedHashMap<>();
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private boolean replay;
    private final Map<String, String> clientConfig = new LinkedHashMap<>();

    private Builder(Vertx vertx, KafkaSettings settings, String groupId,
        MeterRegistry registry) {
      this.vertx = vertx;
      this.settings = settings;
      this.groupId = groupId;
      this.registry = registry;
    }

    public <T extends Record> Builder on(Topic topic, Class<T> type,
        Function<Event<T>, Future<Void>> handler) {
      if (!topic.payloadType().equals(type)) {
        throw new IllegalArgumentException(topic + " carries " + topic.payloadType());
      }
      handlers.put(topic.topicName(), new Registration<>(type, handler));
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    /**
     * How long the group waits for a silent member (a crashed worker) before handing its
     * partitions to another; Kafka's default is 45 s.
     */
    public Builder sessionTimeout(java.time.Duration timeout) {
      clientConfig.put("session.timeout.ms", String.valueOf(timeout.toMillis()));
      clientConfig.put("heartbeat.interval.ms",
          String.valueOf(Math.max(500, timeout.toMillis() / 4)));
      return this;
    }

    /**
     * Reads every topic from the beginning on each start and never commits: for state that is
     * rebuilt from the log rather than kept anywhere else.
     */
    public Builder replayFromStart() {
      this.replay = true;
      return this;
    }

    public Future<EventConsumer> start() {
      if (handlers.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("no topic to consume"));
      }
      String group = replay ? groupId + "-" + UUID.randomUUID() : groupId;
      var config = KafkaClients.consumerConfig(settings, group, group);
      config.putAll(clientConfig);
      // Client construction blocks (class loading, DNS): keep it off the event loop.
      return vertx.executeBlocking(() -> new EventConsumer(this,
              KafkaClients.rawConsumer(vertx, config),
              new DeadLetters(vertx, KafkaClients.rawProducer(vertx, settings, group + "-dlq"),
                  retryPolicy)))
          .compose(consumer -> consumer.subscribe().map(consumer));
    }
  }
}
