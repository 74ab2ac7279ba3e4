package dev.reel.admin.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.admin.domain.AccessLogLine;
import dev.reel.common.event.DeliveryAccessed;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.EventCodec.MalformedEventException;
import dev.reel.common.event.Topic;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessLogRecordsTest {

  private static final String TOPIC = Topic.DELIVERY_ACCESS.topicName();
  private static final String ASSET = "01m8manvhb0nm84e8c1pz976f1";
  private static final Instant SERVED = Instant.parse("2026-03-04T10:59:59.987654Z");

  private static CloudEvent event() {
    DeliveryAccessed access = new DeliveryAccessed(ASSET, "GET",
        "/v1/media/" + ASSET + "/master.m3u8", 200, 812, null, 3, 2100L, true, "127.0.0.1",
        "ffmpeg", null, null, SERVED, "req-1", "HTTP/1.1", Map.of("sid", "s1"));
    return EventCodec.encode(Topic.DELIVERY_ACCESS, "/delivery", ASSET, access, "req-1",
        SERVED.atOffset(ZoneOffset.UTC));
  }

  /** A record as the CloudEvents serializer writes it: its headers, and its value. */
  private record Written(Headers headers, byte[] value) {
    AccessLogLine read() {
      return AccessLogRecords.read(TOPIC, headers, value);
    }

    /** What the CloudEvents SDK's own deserializer makes of it. */
    AccessLogLine readBySdk() {
      return AccessLogLine.of(new CloudEventDeserializer().deserialize(TOPIC, headers, value));
    }
  }

  private static Written written(CloudEvent event) {
    try (CloudEventSerializer serializer = new CloudEventSerializer()) {
      serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
      Headers headers = new RecordHeaders();
      byte[] value = serializer.serialize(TOPIC, headers, event);
      return new Written(headers, value);
    }
  }

  /** The event as delivery sends it (binary mode), with its headers changed. */
  private static Written binary(Consumer<Headers> change) {
    Written written = written(event());
    change.accept(written.headers());
    return written;
  }

  @Test
  @DisplayName("an event as delivery sends it reads as the SDK reads it: the same time and bytes")
  void asDeliverySendsIt() {
    Written written = written(event());

    AccessLogLine line = written.read();

    assertEquals(SERVED, line.servedAt());
    assertArrayEquals(written.readBySdk().json(), line.json());
    assertEquals(written.readBySdk().servedAt(), line.servedAt());
    assertArrayEquals(written.value(), line.json(), "the data, byte for byte");
  }

  @Test
  @DisplayName("a record whose content type names a structured event is the SDK's to read")
  void structuredContentType() {
    // No CloudEvents event format is on the class path, so the SDK refuses such a record,
    // spec version header or not; so does the archiver.
    Written withSpecVersion = binary(headers -> {
      headers.remove("content-type");
      headers.add("content-type", "application/cloudevents+json".getBytes(
          StandardCharsets.UTF_8));
    });
    assertThrows(RuntimeException.class, withSpecVersion::readBySdk);
    assertThrows(RuntimeException.class, withSpecVersion::read);

    Headers structured = new RecordHeaders();
    structured.add("content-type", "application/cloudevents+json".getBytes(
        StandardCharsets.UTF_8));
    Written whole = new Written(structured, ("{\"specversion\":\"1.0\",\"id\":\"req-1\","
        + "\"source\":\"/delivery\",\"type\":\"delivery.access\",\"time\":\""
        + SERVED + "\",\"data\":{}}").getBytes(StandardCharsets.UTF_8));
    assertThrows(RuntimeException.class, whole::readBySdk);
    assertThrows(RuntimeException.class, whole::read);
  }

  @Test
  @DisplayName("a time with an offset, or without a fraction, reads as the same instant")
  void otherTimeForms() {
    for (OffsetDateTime time : List.of(SERVED.atOffset(ZoneOffset.ofHours(2)),
        OffsetDateTime.parse("2026-03-04T10:59:59Z"))) {
      Written written = written(CloudEventBuilder.v1(event()).withTime(time).build());

      assertEquals(time.toInstant(), written.read().servedAt());
    }
  }

  @Test
  @DisplayName("every RFC 3339 time reads as OffsetDateTime.parse reads it, or is refused as it is")
  void timesAsTheFormatterReadsThem() {
    List<String> times = new ArrayList<>(List.of(
        "2026-03-04T10:59:59Z", "2026-03-04T10:59:59.9Z", "2026-03-04T10:59:59.123456789Z",
        "2026-03-04t10:59:59.5z", "2026-03-04T10:59Z", "2026-03-04T10:59:59+01:30",
        "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-03-04T24:00:00Z", "2026-03-04T23:60:00Z",
        "2026-03-04T23:59:60Z", "2026-03-04T10:59:59.Z", "2026-03-04T10:59:59.1234567890Z",
        "2026-03-04T10:59:59,5Z", "2026-03-04 10:59:59Z", "2026-3-04T10:59:59Z",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "+12026-03-04T10:59:59Z",
        "2026-03-04T1a:59:59Z", "2026-03-04T10:59:59", "", "Z", "not a time at all, no"));
    Random random = new Random(6);
    for (int i = 0; i < 2000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE),
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          });
      times.add(instant.atOffset(ZoneOffset.UTC).toString());
      times.add(CloudEventBuilder.v1(event()).withTime(instant.atOffset(ZoneOffset.UTC)).build()
          .getTime().toString());
    }

    for (String time : times) {
      byte[] bytes = time.getBytes(StandardCharsets.UTF_8);
      Instant expected;
      try {
        expected = OffsetDateTime.parse(time).toInstant();
      } catch (DateTimeException refused) {
        assertThrows(MalformedEventException.class, () -> AccessLogRecords.instant(bytes),
            time);
        continue;
      }
      assertEquals(expected, AccessLogRecords.instant(bytes), time);
    }
  }

  @Test
  @DisplayName("an event without an id, source, time or data, or of another type, is malformed")
  void malformedEnvelopes() {
    Map<String, Consumer<Headers>> changes = Map.of(
        "without an id", headers -> headers.remove("ce_id"),
        "no source", headers -> headers.remove("ce_source"),
        "no time", headers -> headers.remove("ce_time"),
        "not media.uploaded", headers -> {
          headers.remove("ce_type");
          headers.add("ce_type", "media.uploaded".getBytes(StandardCharsets.UTF_8));
        });
    changes.forEach((expected, change) -> {
      var e = assertThrows(MalformedEventException.class, () -> binary(change).read());
      assertTrue(e.getMessage().contains(expected.replace("not ", "")), e.getMessage());
    });
    var noData = assertThrows(MalformedEventException.class,
        () -> new Written(written(event()).headers(), new byte[0]).read());
    assertTrue(noData.getMessage().contains("no data"), noData.getMessage());
    var notJson = assertThrows(MalformedEventException.class, () -> new Written(
        written(event()).headers(), "{\"a\":".getBytes(StandardCharsets.UTF_8))
        .read());
    assertTrue(notJson.getMessage().contains("not one JSON object"), notJson.getMessage());
    var badTime = assertThrows(MalformedEventException.class, () -> binary(headers -> {
      headers.remove("ce_time");
      headers.add("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));
    }).read());
    assertTrue(badTime.getMessage().contains("time"), badTime.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "0.2", "1.0 "})
  @DisplayName("an event of no or another spec version goes to the SDK, which refuses it")
  void otherSpecVersions(String version) {
    Written written = binary(headers -> {
      headers.remove("ce_specversion");
      if (!version.equals("none")) {
        headers.add("ce_specversion", version.getBytes(StandardCharsets.UTF_8));
      }
    });

    assertThrows(RuntimeException.class, written::read);
    assertThrows(RuntimeException.class, written::readBySdk);
  }
}
