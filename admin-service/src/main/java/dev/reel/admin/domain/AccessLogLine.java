package dev.reel.admin.domain;

import dev.reel.common.event.EventCodec;
import dev.reel.common.event.EventCodec.MalformedEventException;
import dev.reel.common.event.Topic;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import java.io.IOException;
import java.time.Instant;

/**
 * What the access log archive keeps of one {@code delivery.access} event: when the request was
 * served, and the event's JSON data on one line, as sent (fields this version does not know
 * included).
 *
 * <p>The envelope says when: delivery sends each record's {@code servedAt} as the event's
 * {@code time}. The data is checked for shape only (one well-formed JSON object), not bound to
 * {@link dev.reel.common.event.DeliveryAccessed}: a busy edge sends thousands of these a second,
 * and binding every one (a JSON tree, a record, an {@code Instant} parsed) was the archiver's
 * largest cost per record, on the machine the edge runs on. A record of the right type and shape
 * whose fields differ is archived as it is; the archive is a log of what was sent.
 */
public record AccessLogLine(Instant servedAt, byte[] json) {

  /**
   * Reads an event; {@link MalformedEventException} when it is not a {@code delivery.access}
   * event with a time and a JSON object as its data.
   */
  public static AccessLogLine of(CloudEvent event) {
    CloudEventData data = event.getData();
    return of(event.getId(), event.getType(),
        event.getTime() == null ? null : event.getTime().toInstant(),
        data == null ? null : data.toBytes());
  }

  /**
   * Reads an event from its parts, whichever way they were decoded; {@link
   * MalformedEventException} when it is not a {@code delivery.access} event with a time and a
   * JSON object as its data.
   *
   * @param time the event's time; null if it has none
   * @param data the event's data; null if it has none
   */
  public static AccessLogLine of(String id, String type, Instant time, byte[] data) {
    if (!Topic.DELIVERY_ACCESS.eventType().equals(type)) {
      throw new MalformedEventException("event " + id + " is of type " + type + ", not "
          + Topic.DELIVERY_ACCESS.eventType());
    }
    if (time == null) {
      throw new MalformedEventException("event " + id + " has no time");
    }
    if (data == null) {
      throw new MalformedEventException("event " + id + " has no data");
    }
    return switch (JsonObjectScan.of(data)) {
      case ONE_LINE -> new AccessLogLine(time, data);
      case SEVERAL_LINES -> new AccessLogLine(time, oneLine(data));
      case NOT_ONE_OBJECT -> throw new MalformedEventException("event " + id
          + " data is not one JSON object");
    };
  }

  private static byte[] oneLine(byte[] json) {
    try {
      return EventCodec.toJson(EventCodec.json().readTree(json));
    } catch (IOException e) {
      throw new MalformedEventException("data unreadable: " + e.getMessage());
    }
  }
}
