package dev.reel.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Turns payload records into CloudEvents 1.0 with JSON data, and back. */
public final class EventCodec {

  public static final String DATA_CONTENT_TYPE = "application/json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * What {@link #requireFields} checks of a record type, worked out once per type: reading a
   * record's components and their annotations by reflection costs more than parsing the event.
   */
  private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
    @Override
    protected List<Field> computeValue(Class<?> type) {
      List<Field> fields = new ArrayList<>();
      for (RecordComponent component : type.getRecordComponents()) {
        Class<?> nested = null;
        if (component.getType().isRecord()) {
          nested = component.getType();
        } else if (component.getGenericType()
            instanceof java.lang.reflect.ParameterizedType list
            && list.getActualTypeArguments()[0] instanceof Class<?> element
            && element.isRecord()) {
          nested = element;
        }
        fields.add(new Field(component.getName(), component.isAnnotationPresent(Nullable.class),
            component.getType().isRecord(), nested));
      }
      return List.copyOf(fields);
    }
  };

  /** Each record type's {@code assetId} accessor, if it has one. */
  private static final ClassValue<Optional<Method>> ASSET_ID = new ClassValue<>() {
    @Override
    protected Optional<Method> computeValue(Class<?> type) {
      return Arrays.stream(type.getRecordComponents())
          .filter(component -> component.getName().equals("assetId"))
          .map(RecordComponent::getAccessor)
          .findFirst();
    }
  };

  /**
   * One component of a record type: its name; whether it may be absent; and the record type
   * it holds, itself ({@code single}) or as the elements of a list, to check in turn.
   */
  private record Field(String name, boolean nullable, boolean single, Class<?> nested) {
  }

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
    return encode(topic, source, assetId, payload, UUID.randomUUID().toString(),
        OffsetDateTime.now(ZoneOffset.UTC));
  }

  /**
   * Wraps a payload with a given id and time: an event re-sent from an outbox keeps the id it
   * was first given, so consumers that deduplicate on {@code ce_id} see it once.
   */
  public static CloudEvent encode(Topic topic, String source, String assetId, Record payload,
      String id, OffsetDateTime time) {
    if (!topic.payloadType().isInstance(payload)) {
      throw new IllegalArgumentException(
          "topic " + topic + " carries " + topic.payloadType().getSimpleName()
              + ", not " + payload.getClass().getSimpleName());
    }
    Object payloadAssetId = assetIdOf(payload);
    if (payloadAssetId != null && !payloadAssetId.equals(assetId)) {
      throw new IllegalArgumentException("event key/subject " + assetId
          + " differs from the payload's assetId " + payloadAssetId);
    }
    return CloudEventBuilder.v1()
        .withId(id)
        .withType(topic.eventType())
        .withSource(URI.create(source))
        .withSubject(assetId)
        .withTime(time)
        .withDataContentType(DATA_CONTENT_TYPE)
        .withData(toJson(payload))
        .build();
  }

  public static <T> Event<T> decode(CloudEvent event, Class<T> payloadType) {
    if (event.getData() == null) {
      throw new MalformedEventException("event " + event.getId() + " has no data");
    }
    try {
      JsonNode tree = JSON.readTree(event.getData().toBytes());
      requireFields(tree, payloadType, event.getId());
      T data = JSON.treeToValue(tree, payloadType);
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

  /**
   * Jackson fills a missing field with null or 0; the contract says every field not marked
   * {@link Nullable} is required, so a record that lacks one is malformed, not a zero.
   */
  private static void requireFields(JsonNode tree, Class<?> type, String eventId) {
    if (!type.isRecord()) {
      return;
    }
    if (!tree.isObject()) {
      throw new MalformedEventException("event " + eventId + ": " + type.getSimpleName()
          + " must be a JSON object");
    }
    for (Field field : FIELDS.get(type)) {
      if (field.nullable()) {
        continue;
      }
      JsonNode value = tree.get(field.name());
      if (value == null || value.isNull()) {
        throw new MalformedEventException("event " + eventId + ": " + type.getSimpleName()
            + " lacks required field " + field.name());
      }
      if (field.nested() == null) {
        continue;
      }
      if (field.single()) {
        requireFields(value, field.nested(), eventId);
      } else if (value.isArray()) {
        for (JsonNode item : value) {
          requireFields(item, field.nested(), eventId);
        }
      }
    }
  }

  private static Object assetIdOf(Record payload) {
    Optional<Method> accessor = ASSET_ID.get(payload.getClass());
    if (accessor.isEmpty()) {
      return null;
    }
    try {
      return accessor.get().invoke(payload);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
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
