package dev.reel.ingest.events;

import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Topic;
import dev.reel.common.kafka.EventPublisher;
import dev.reel.ingest.storage.OriginalStore;
import io.cloudevents.CloudEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events that must reach Kafka, kept in S3 until they did. An event is written to
 * {@code outbox/} before it is sent and removed once the broker acknowledged it; whatever is
 * left (Kafka was down, the process died) is sent again by {@link #drain()}, with the same
 * CloudEvents id, so consumers that deduplicate on the id see each event once.
 */
public final class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  static final String PREFIX = "outbox/";
  /** How long a request waits for the broker before answering with the event still queued. */
  static final long PUBLISH_WAIT_MS = 2000;

  private final OriginalStore store;
  private final EventPublisher publisher;
  /** Entries this process is sending right now: a drain leaves them to that send. */
  private final Set<String> sending = new HashSet<>();

  public Outbox(OriginalStore store, EventPublisher publisher) {
    this.store = store;
    this.publisher = publisher;
  }

  /**
   * Succeeds once the event is durable: acknowledged by Kafka, or kept in the outbox for a later
   * drain. Fails only when it could be neither sent nor kept.
   */
  public Future<CloudEvent> publish(Topic topic, String assetId, Record payload) {
    return publish(topic, assetId, payload, UUID.randomUUID().toString());
  }

  /**
   * As {@link #publish(Topic, String, Record)}, under the given CloudEvents id: an event that
   * may be announced twice (by two instances at once) keeps one id, so consumers see it once.
   */
  public Future<CloudEvent> publish(Topic topic, String assetId, Record payload, String id) {
    OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC);
    CloudEvent event = EventCodec.encode(topic, publisher.source(), assetId, payload, id, time);
    String key = PREFIX + topic.topicName() + "/" + assetId + "-" + id + ".json";
    JsonObject entry = new JsonObject()
        .put("topic", topic.topicName())
        .put("id", id)
        .put("time", time.toString())
        .put("subject", assetId)
        .put("data", new JsonObject(new String(EventCodec.toJson(payload),
            StandardCharsets.UTF_8)));
    return store.putSmall(key, entry.toBuffer().getBytes(), "application/json")
        .compose(kept -> {
          Future<CloudEvent> sent = sendAndForget(topic, event, key);
          return sent.timeout(PUBLISH_WAIT_MS, TimeUnit.MILLISECONDS)
              .recover(slow -> {
                LOG.warn("asset {}: {} event {} kept in the outbox until Kafka takes it",
                    assetId, topic, id);
                return Future.succeededFuture(event);
              });
        });
  }

  /** Sends every event still in the outbox; answers how many were sent. */
  public Future<Integer> drain() {
    return store.list(PREFIX, 1000).compose(this::sendAll);
  }

  private Future<Integer> sendAll(List<String> keys) {
    Future<Integer> sent = Future.succeededFuture(0);
    for (String key : keys) {
      sent = sent.compose(count -> resend(key).map(resent -> resent ? count + 1 : count));
    }
    return sent;
  }

  /** Sends the entry again; answers false when it is gone or its first send is still going. */
  private Future<Boolean> resend(String key) {
    if (sending.contains(key)) {
      return Future.succeededFuture(false);
    }
    return store.getSmall(key).compose(bytes -> {
      if (bytes.isEmpty() || sending.contains(key)) {
        return Future.succeededFuture(false);
      }
      JsonObject entry = new JsonObject(new String(bytes.get(), StandardCharsets.UTF_8));
      Topic topic = Topic.byName(entry.getString("topic")).orElseThrow(
          () -> new IllegalStateException("outbox entry " + key + " names an unknown topic"));
      Record payload = EventCodec.json().convertValue(entry.getJsonObject("data").getMap(),
          topic.payloadType());
      CloudEvent event = EventCodec.encode(topic, publisher.source(), entry.getString("subject"),
          payload, entry.getString("id"), OffsetDateTime.parse(entry.getString("time")));
      return sendAndForget(topic, event, key).map(true);
    });
  }

  /** Sends, and once acknowledged removes the outbox entry. */
  private Future<CloudEvent> sendAndForget(Topic topic, CloudEvent event, String key) {
    if (!sending.add(key)) {
      return Future.succeededFuture(event);
    }
    return publisher.send(topic, event)
        .andThen(sent -> {
          sending.remove(key);
          if (sent.succeeded()) {
            store.delete(key).onFailure(e -> LOG.warn("outbox entry {} not removed ({}); it "
                + "will be sent again, with the same id", key, e.toString()));
          }
        });
  }
}
