package dev.reel.platform.it;

import static dev.reel.platform.it.Http.authorized;
import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.common.StorageLayout;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.Topic;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.common.s3.S3Settings;
import dev.reel.ingest.http.IngestVerticle;
import dev.reel.platform.embedded.EmbeddedKafka;
import dev.reel.platform.embedded.FreePort;
import io.cloudevents.CloudEvent;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events are never lost, literally: a Kafka broker of this test's own is stopped, an upload is
 * made, the broker is started again on the same port and data, and the upload's event arrives.
 * Ingest keeps its outbox in a bucket of its own, so that no other ingest can drain the event to
 * another broker.
 */
class KafkaOutageTest {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaOutageTest.class);
  private static final String BUCKET = "reel-test-outage";

  private EmbeddedKafka broker;
  private RunningService<IngestVerticle> ingest;

  @AfterEach
  void stopAll() {
    if (ingest != null) {
      ingest.close();
    }
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  @DisplayName("stop the broker, upload (201), restart the broker: media.uploaded arrives for the "
      + "asset under exactly one CloudEvents id, the one its outbox entry kept")
  void eventSurvivesBrokerRestart() {
    Path dir = TestPlatform.get().dataDir().resolve("outage-kafka");
    int port = FreePort.find();
    int controllerPort = FreePort.find();
    broker = startBroker(dir, port, controllerPort);
    String bootstrap = broker.bootstrapServers();
    TestPlatform.get().s3Client().createBucket(b -> b.bucket(BUCKET)).join();
    ingest = Services.ingest(new JsonObject()
        .put(KafkaSettings.BOOTSTRAP_SERVERS, bootstrap)
        .put(S3Settings.BUCKET, BUCKET));

    String before = upload(30);
    eventually(Duration.ofSeconds(30), "an event while the broker runs", () -> !TestTopics
        .records(bootstrap, Topic.MEDIA_UPLOADED, before::equals).isEmpty());

    broker.stop();
    String assetId = upload(31);
    Set<String> kept = outboxEntries(assetId);
    assertEquals(1, kept.size(), "the event waits in the outbox: " + kept);
    broker = startBroker(dir, port, controllerPort);

    eventually(Duration.ofSeconds(60), "the outbox entry is removed once Kafka took the event",
        () -> outboxEntries(assetId).isEmpty());
    List<CloudEvent> records = TestTopics.records(bootstrap, Topic.MEDIA_UPLOADED,
        assetId::equals);
    Map<String, CloudEvent> byId = TestTopics.byId(records);
    LOG.info("asset {}: {} media.uploaded record(s) under {} CloudEvents id(s)", assetId,
        records.size(), byId.size());
    assertEquals(Set.of(kept.iterator().next()), byId.keySet(), "distinct ce_id for " + assetId);
    assertEquals(assetId, EventCodec.decode(records.get(0), MediaUploaded.class).data().assetId());
    assertEquals(StorageLayout.originalKey(assetId),
        EventCodec.decode(records.get(0), MediaUploaded.class).data().key());
  }

  /** Uploads a small MP4; answers its asset id once ingest answered 201. */
  private String upload(long seed) {
    HttpResponse<byte[]> response = send(authorized(ingest.uri("/v1/uploads"))
        .header("Content-Type", "video/mp4")
        .POST(BodyPublishers.ofByteArray(TestMedia.mp4(8192, seed))).build());
    assertEquals(201, response.statusCode(), new String(response.body()));
    return json(response).getString("assetId");
  }

  private static EmbeddedKafka startBroker(Path dir, int port, int controllerPort) {
    return EmbeddedKafka.start(dir, "127.0.0.1", port, controllerPort,
        TestPlatform.get().dataDir().resolve("outage-kafka.log"));
  }

  /** The CloudEvents ids of the asset's media.uploaded events still in the outbox. */
  private static Set<String> outboxEntries(String assetId) {
    String prefix = "outbox/" + Topic.MEDIA_UPLOADED.topicName() + "/" + assetId + "-";
    return TestPlatform.get().s3Client()
        .listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).join().contents().stream()
        .map(object -> object.key().substring(prefix.length(),
            object.key().length() - ".json".length()))
        .collect(Collectors.toSet());
  }
}
