package dev.reel.platform.it;

import static dev.reel.platform.it.Http.authorized;
import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.common.StorageLayout;
import dev.reel.common.event.Topic;
import dev.reel.ingest.events.UploadAnnouncer;
import dev.reel.ingest.http.IngestVerticle;
import io.cloudevents.CloudEvent;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two ingest instances behind one load balancer, as it were: a client that retries its complete
 * (or two clients) may reach both at once with the same presigned upload.
 */
class PresignedRaceTest {

  private static final Logger LOG = LoggerFactory.getLogger(PresignedRaceTest.class);
  private static final int MIB = 1024 * 1024;
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private static RunningService<IngestVerticle> first;
  private static RunningService<IngestVerticle> second;

  @BeforeAll
  static void startIngest() {
    first = Services.ingest(new JsonObject());
    second = Services.ingest(new JsonObject());
  }

  @AfterAll
  static void stopIngest() {
    for (RunningService<?> service : Arrays.asList(first, second)) {
      if (service != null) {
        service.close();
      }
    }
  }

  @Test
  @DisplayName("two completes of one upload at once on two instances both answer the same 201, "
      + "and media.uploaded has one CloudEvents id")
  void concurrentCompletes() {
    byte[] media = TestMedia.mp4(6 * MIB, 41);
    String assetId = uploadedNotCompleted(media);

    CompletableFuture<HttpResponse<byte[]>> one = completeAsync(first, assetId);
    CompletableFuture<HttpResponse<byte[]>> other = completeAsync(second, assetId);
    HttpResponse<byte[]> a = one.join();
    HttpResponse<byte[]> b = other.join();

    assertEquals(201, a.statusCode(), new String(a.body()));
    assertEquals(201, b.statusCode(), new String(b.body()));
    assertEquals(json(a), json(b));
    assertEquals(Set.of(StorageLayout.originalKey(assetId), StorageLayout.uploadRecordKey(assetId)),
        TestBucket.keys("originals/" + assetId + "/"));
    eventually(Duration.ofSeconds(20), "the outbox is empty for " + assetId,
        () -> TestBucket.keys("outbox/").stream().noneMatch(key -> key.contains(assetId)));
    List<CloudEvent> records = TestTopics.records(
        TestPlatform.get().kafka().bootstrapServers(), Topic.MEDIA_UPLOADED, assetId::equals);
    LOG.info("asset {}: {} media.uploaded record(s) from two concurrent completes", assetId,
        records.size());
    assertEquals(Set.of(UploadAnnouncer.eventId(assetId)), TestTopics.byId(records).keySet());
  }

  /** Plans a single PUT on the first instance, PUTs {@code media}; answers the asset id. */
  private static String uploadedNotCompleted(byte[] media) {
    HttpResponse<byte[]> created = Http.send(authorized(first.uri("/v1/uploads/presigned"))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(new JsonObject().put("size", media.length)
            .put("contentType", "video/mp4").encode())).build());
    assertEquals(201, created.statusCode(), new String(created.body()));
    JsonObject plan = json(created);
    HttpRequest.Builder put = request(URI.create(plan.getString("url")))
        .PUT(BodyPublishers.ofByteArray(media));
    plan.getJsonObject("headers").forEach(h -> put.header(h.getKey(), (String) h.getValue()));
    assertEquals(200, Http.send(CLIENT, put.build()).statusCode());
    return plan.getString("assetId");
  }

  private static CompletableFuture<HttpResponse<byte[]>> completeAsync(
      RunningService<IngestVerticle> ingest, String assetId) {
    return CLIENT.sendAsync(authorized(ingest.uri("/v1/uploads/" + assetId + "/complete"))
        .POST(BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
