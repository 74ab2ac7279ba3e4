package dev.reel.admin.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.event.DeliveryAccessed;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.EventCodec.MalformedEventException;
import dev.reel.common.event.Topic;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AccessLogLineTest {

  private static final String ASSET = "01m8manvhb0nm84e8c1pz976f1";
  private static final Instant SERVED = Instant.parse("2026-03-04T10:59:59.987Z");

  private static DeliveryAccessed access() {
    return new DeliveryAccessed(ASSET, "GET", "/v1/media/" + ASSET + "/master.m3u8", 200, 812,
        null, 3, 2100L, true, "127.0.0.1", "ffmpeg", null, null, SERVED, "req-1", "HTTP/1.1",
        Map.of("sid", "s1"));
  }

  private static CloudEventBuilder accessEvent(String json) {
    return CloudEventBuilder.v1().withId("req-1").withType(Topic.DELIVERY_ACCESS.eventType())
        .withSource(URI.create("/delivery")).withSubject(ASSET)
        .withTime(SERVED.atOffset(ZoneOffset.UTC))
        .withData("application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(AccessLogLine line) {
    return new String(line.json(), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("an event as delivery sends it: served at its time, its data kept byte for byte")
  void asDeliverySendsIt() {
    CloudEvent event = EventCodec.encode(Topic.DELIVERY_ACCESS, "/delivery", ASSET, access(),
        "req-1", SERVED.atOffset(ZoneOffset.UTC));

    AccessLogLine line = AccessLogLine.of(event);

    assertEquals(SERVED, line.servedAt());
    assertArrayEquals(EventCodec.toJson(access()), line.json());
  }

  @Test
  @DisplayName("fields this version does not know stay in the line")
  void unknownFieldsKept() {
    String json = "{\"assetId\":\"" + ASSET + "\",\"newerField\":{\"a\":[1,2]}}";

    assertEquals(json, text(AccessLogLine.of(accessEvent(json).build())));
  }

  @Test
  @DisplayName("data laid out over several lines becomes one line with the same fields")
  void laidOutDataBecomesOneLine() {
    String json = "{\r\n  \"assetId\": \"" + ASSET + "\",\n  \"path\": \"a\\nb\",\n"
        + "  \"extra\": [1,\n 2]\n}";

    assertEquals("{\"assetId\":\"" + ASSET + "\",\"path\":\"a\\nb\",\"extra\":[1,2]}",
        text(AccessLogLine.of(accessEvent(json).build())));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1,2]", "\"text\"", "42", "{\"a\":1", "{\"a\":1}}",
      "{\"a\":1} {\"b\":2}", "{\"a\":}", "{'a':1}"})
  @DisplayName("data that is not exactly one well-formed JSON object is malformed")
  void notOneObject(String json) {
    var e = assertThrows(MalformedEventException.class,
        () -> AccessLogLine.of(accessEvent(json).build()));
    assertTrue(e.getMessage().contains("not one JSON object"), e.getMessage());
  }

  @Test
  @DisplayName("an event of another type, without a time or without data is malformed")
  void wrongEnvelope() {
    String json = "{\"assetId\":\"" + ASSET + "\"}";
    var otherType = assertThrows(MalformedEventException.class, () ->
        AccessLogLine.of(accessEvent(json).withType("media.uploaded").build()));
    assertTrue(otherType.getMessage().contains("media.uploaded"), otherType.getMessage());
    var noTime = assertThrows(MalformedEventException.class, () ->
        AccessLogLine.of(CloudEventBuilder.v1(accessEvent(json).build()).withTime(null)
            .build()));
    assertTrue(noTime.getMessage().contains("no time"), noTime.getMessage());
    var noData = assertThrows(MalformedEventException.class, () ->
        AccessLogLine.of(accessEvent(json).withoutData().withoutDataContentType().build()));
    assertTrue(noData.getMessage().contains("no data"), noData.getMessage());
  }
}
