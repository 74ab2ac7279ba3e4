package dev.reel.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Turns payload records into CloudEvents 1.0 with JSON data, and back. */
public final class EventCodec {

  public static final String DATA_CONTENT_TYPE = "application/json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private EventCodec() {
  }

  /** The mapper used for event data; consumers may share it to read payloads the same way. */
  public static ObjectMapper json() {
    return JSON;
  }

  /**
   * Wraps a payload. The subject is the asset id, which is also the Kafka key, so that every
   * event about one asset lands on one partition in order.
   */
  public static CloudEvent encode(Topic topic, String source, String assetId, Record payload) {
    if (!topic.payloadType().isInstance(payload)) {
      throw new IllegalArgumentException(
          "topic " + topic + " carries " + topic.payloadType().getSimpleName()
              + ", not " + payload.getClass().getSimpleName());
    }
    return CloudEventBuilder.v1()
        .withId(UUID.randomUUID().toString())
        .withType(topic.eventType())
        .withSource(URI.create(source))
        .withSubject(assetId)
        .withTime(OffsetDateTime.now(ZoneOffset.UTC))
        .withDataContentType(DATA_CONTENT_TYPE)
        .withData(toJson(payload))
        .build();
  }

  public static <T> Event<T> decode(CloudEvent event, Class<T> payloadType) {
    if (event.getData() == null) {
      throw new MalformedEventException("event " + event.getId() + " has no data");
    }
    try {
      T data = JSON.readValue(event.getData().toBytes(), payloadType);
      return new Event<>(event.getId(), event.getType(), event.getSource(), event.getSubject(),
          event.getTime(), data);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException(
          "event " + event.getId() + " data is not a valid " + payloadType.getSimpleName()
              + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedEventException("event " + event.getId() + " data unreadable", e);
    }
  }

  public static byte[] toJson(Object payload) {
    try {
      return JSON.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + payload.getClass().getSimpleName(), e);
    }
  }

  /** Thrown for events that can never be processed, however often they are retried. */
  public static final class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
      super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
      super(message, cause);
    }
  }

}
