package dev.reel.delivery.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.common.event.DeliveryAccessed;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Topic;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AccessEventTest {

  private static final String TOPIC = Topic.DELIVERY_ACCESS.topicName();
  private static final String ASSET = "01m8manvhb0nm84e8c1pz976f1";
  /** Characters a viewer's headers or path could bring, and some they could not. */
  private static final String[] PIECES = {"a", "Z", "0", "/", " ", "=", "-", "\"", "\\", "\u0000",
      "\u0001", "\u001f", "\b", "\t", "\n", "\f", "\r", "\u007f", "\u0080", "é", "ÿ", "\u07ff",
      "\u0800", "€", "中", "\uffff", "\ud83c\udfac", "\ud800", "\udfff", "<", "'", "&"};

  private final Random random = new Random(6);

  @Test
  @DisplayName("a typical request's record is the one the CloudEvents serializer writes")
  void typicalRecordMatchesTheSdk() {
    DeliveryAccessed access = new DeliveryAccessed(ASSET, "GET",
        "/v1/media/" + ASSET + "/cmaf/720p/seg_1.m4s", 206, 4096, "bytes=0-4095", 3, 1875L, true,
        "203.0.113.9", "Mozilla/5.0 (X11; Linux x86_64)", "https://player.example/watch",
        "K2JCJMDEHXQW5F", Instant.parse("2026-03-04T10:59:59.987654Z"),
        "5c0b3f4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", "HTTP/1.1",
        Map.of("br", "3200", "sid", "6e2fb550-c457-11e9-bb97-0800200c9a66"));

    assertSameAsSdk(access);
  }

  @Test
  @DisplayName("a record with every optional field absent is the one the serializer writes")
  void sparseRecordMatchesTheSdk() {
    assertSameAsSdk(new DeliveryAccessed(ASSET, "HEAD", "/v1/media/" + ASSET + "/source", 0, 0,
        null, 0, null, false, "unknown", null, null, null, Instant.parse("2026-01-01T00:00:00Z"),
        "r-1", null, null));
  }

  @Test
  @DisplayName("a record too large to share an array with others matches the serializer, and so "
      + "do the records around it")
  void largeRecordMatchesTheSdk() {
    assertSameAsSdk(randomAccess());
    assertSameAsSdk(new DeliveryAccessed(ASSET, "GET", "/", 200, 1, null, 1, 120L, false, "::1",
        "a".repeat(AccessEvent.CHUNK_BYTES / 8), null, null, Instant.EPOCH, "big", null, null));
    assertSameAsSdk(randomAccess());
  }

  @Test
  @DisplayName("3,000 random records, with any text, number and time, match the serializer")
  void randomRecordsMatchTheSdk() {
    for (int i = 0; i < 3000; i++) {
      assertSameAsSdk(randomAccess());
    }
  }

  @Test
  @DisplayName("times at every precision, and outside years 0 to 9999, match the serializer")
  void timesMatchTheSdk() {
    List<Instant> times = new ArrayList<>(List.of(Instant.EPOCH,
        Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
        Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.5Z"),
        Instant.parse("2024-02-29T12:00:00.100Z"), Instant.parse("2026-03-04T10:59:59.000001Z"),
        Instant.parse("2026-03-04T10:59:59.010Z"), Instant.parse("2026-03-04T10:59:59.123456780Z"),
        Instant.parse("+99999-06-30T12:00:00.5Z")));
    for (int i = 0; i < 500; i++) {
      times.add(randomInstant());
    }
    for (Instant time : times) {
      assertSameAsSdk(new DeliveryAccessed(ASSET, "GET", "/", 200, 1, null, 1, 999L, false,
          "::1", null, null, null, time, "r-" + time, "HTTP/2", null));
    }
  }

  @Test
  @DisplayName("the SDK's deserializer reads the record back to the same payload")
  void sdkReadsItBack() {
    for (int i = 0; i < 200; i++) {
      // Headers are UTF-8: an id with a lone surrogate would not come back, but ids are UUIDs.
      DeliveryAccessed random = randomAccess();
      DeliveryAccessed access = new DeliveryAccessed(random.assetId(), random.method(),
          random.path(), random.status(), random.bytesSent(), random.range(),
          random.durationMs(), random.timeToFirstByteMicros(), random.cacheHit(), random.clientIp(), random.userAgent(),
          random.referer(), random.keyId(), random.servedAt(), UUID.randomUUID().toString(),
          random.protocol(), random.cmcd());
      ProducerRecord<byte[], byte[]> record = AccessEvent.of(access).record();
      CloudEvent event = new CloudEventDeserializer().deserialize(TOPIC, record.headers(),
          record.value());

      assertEquals(access.requestId(), event.getId());
      assertEquals(access.servedAt(), event.getTime().toInstant());
      assertEquals(access, EventCodec.decode(event, DeliveryAccessed.class).data());
    }
  }

  /** Compares key, headers (names, values, order) and value with the SDK's binary mode. */
  private static void assertSameAsSdk(DeliveryAccessed access) {
    CloudEvent event = EventCodec.encode(Topic.DELIVERY_ACCESS, AccessEvent.SOURCE,
        access.assetId(), access, access.requestId(), access.servedAt().atOffset(ZoneOffset.UTC));
    Headers expectedHeaders = new RecordHeaders();
    byte[] expectedValue;
    try (CloudEventSerializer serializer = new CloudEventSerializer()) {
      serializer.configure(Map.of(), false);
      expectedValue = serializer.serialize(TOPIC, expectedHeaders, event);
    }

    ProducerRecord<byte[], byte[]> record = AccessEvent.of(access).record();

    assertEquals(TOPIC, record.topic());
    assertArrayEquals(access.assetId().getBytes(StandardCharsets.UTF_8), record.key());
    assertEquals(describe(expectedHeaders), describe(record.headers()));
    assertEquals(new String(expectedValue, StandardCharsets.UTF_8),
        new String(record.value(), StandardCharsets.UTF_8), () -> "for " + access);
    assertArrayEquals(expectedValue, record.value());
  }

  private static List<String> describe(Headers headers) {
    List<String> all = new ArrayList<>();
    for (Header header : headers) {
      all.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
    }
    return all;
  }

  private DeliveryAccessed randomAccess() {
    Map<String, String> cmcd = null;
    if (random.nextBoolean()) {
      cmcd = new HashMap<>();
      for (int i = random.nextInt(4); i >= 0; i--) {
        cmcd.put(text(6), text(12));
      }
    }
    return new DeliveryAccessed(ASSET, random.nextBoolean() ? "GET" : "HEAD", text(60),
        random.nextInt(600), number(), maybe(text(30)), number(), maybe(number()),
        random.nextBoolean(), text(40),
        maybe(text(80)), maybe(text(80)), maybe(text(20)), randomInstant(), text(36),
        maybe("HTTP/1.1"), cmcd);
  }

  private String text(int maxLength) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
      text.append(random.nextInt(3) == 0 ? PIECES[random.nextInt(PIECES.length)]
          : String.valueOf((char) (' ' + random.nextInt(95))));
    }
    return text.toString();
  }

  private long number() {
    return switch (random.nextInt(5)) {
      case 0 -> Long.MIN_VALUE + random.nextInt(2);
      case 1 -> Long.MAX_VALUE - random.nextInt(2);
      case 2 -> -random.nextInt(1000);
      default -> random.nextInt(1 << random.nextInt(31));
    };
  }

  private <T> T maybe(T value) {
    return random.nextInt(4) == 0 ? null : value;
  }

  /** Any instant between years 1 and 9999, its fraction cut to 0, 1-9 digits at random. */
  private Instant randomInstant() {
    long second = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond()
        + (long) (random.nextDouble() * 315_000_000_000L);
    int nano = random.nextInt(1_000_000_000);
    int cut = (int) Math.pow(10, random.nextInt(10));
    return Instant.ofEpochSecond(second, nano / cut * cut);
  }
}
