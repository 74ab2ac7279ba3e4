package dev.reel.ingest.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.reel.common.StorageLayout;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.UploadMode;
import dev.reel.common.kafka.EventPublisher;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.ingest.domain.UploadFacts;
import dev.reel.ingest.storage.InMemoryOriginalStore;
import dev.reel.ingest.storage.StoredObject;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UploadAnnouncerTest {

  private static final String ASSET = "01m8mevx8cvy6f0ya22kcwvrs9";

  @Test
  @DisplayName("an asset's media.uploaded id is a UUID derived from the asset id alone")
  void eventIdPerAsset() {
    String id = UploadAnnouncer.eventId(ASSET);

    assertEquals(id, UUID.fromString(id).toString());
    assertEquals(id, UploadAnnouncer.eventId(ASSET));
    assertNotEquals(id, UploadAnnouncer.eventId("01m8mevx8cvy6f0ya22kcwvrsa"));
  }

  @Test
  @DisplayName("announcing an asset another request already recorded answers that record and "
      + "sends the recorded event again, under the asset's one event id")
  void recordedElsewhere() {
    InMemoryOriginalStore store = new InMemoryOriginalStore();
    MediaUploaded winner = new MediaUploaded(ASSET, "reel", StorageLayout.originalKey(ASSET),
        10, "ab", "video/mp4", null, Map.of(), "STANDARD", "3f2a9c1d0b7e", UploadMode.PRESIGNED,
        Instant.parse("2026-11-29T20:00:00Z"));
    byte[] recorded = EventCodec.toJson(winner);
    store.putSmall(StorageLayout.uploadRecordKey(ASSET), recorded, "application/json").await();
    // A broker that is not there: the event waits in the outbox, which is what is checked.
    Vertx vertx = Vertx.vertx();
    EventPublisher publisher = EventPublisher.create(vertx,
        KafkaSettings.of("127.0.0.1:" + closedPort()), "/reel/ingest").await();
    UploadAnnouncer announcer = new UploadAnnouncer(store, new Outbox(store, publisher), "reel");

    MediaUploaded answer = announcer.announce(ASSET, new StoredObject(
        StorageLayout.originalKey(ASSET), 10, "ab", "\"e\"", "video/mp4"), new UploadFacts(
        "video/mp4", Optional.empty(), Map.of(), "STANDARD", "other-key", UploadMode.PRESIGNED))
        .await();

    assertEquals(winner, answer);
    assertArrayEquals(recorded, store.objects.get(StorageLayout.uploadRecordKey(ASSET)));
    String outboxKey = "outbox/media.uploaded/" + ASSET + "-" + UploadAnnouncer.eventId(ASSET)
        + ".json";
    JsonObject entry = new JsonObject(new String(store.objects.get(outboxKey),
        StandardCharsets.UTF_8));
    assertEquals("3f2a9c1d0b7e", entry.getJsonObject("data").getString("uploaderKeyId"),
        "the recorded event, not this request's");
    vertx.close().await();
  }

  private static int closedPort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
