package dev.reel.platform.it;

import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.delivery.config.AccessLogSettings;
import dev.reel.delivery.http.DeliveryVerticle;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * Access logs never slow playback: a delivery whose Kafka does not answer at all still serves
 * every request at once, keeps at most its buffer's worth of records, and counts the rest as
 * dropped in its metrics.
 */
class DeliveryAccessLogOutageTest {

  private static final int BUFFER = 5;
  private static final int REQUESTS = 20;

  private final RefusedPort noKafka = RefusedPort.open();
  private RunningService<DeliveryVerticle> delivery;

  @AfterEach
  void stop() {
    if (delivery != null) {
      delivery.close();
    }
    noKafka.close();
  }

  @Test
  @DisplayName("with Kafka unreachable every request is served promptly, the buffer stays at its "
      + "bound, and each record beyond it is counted in reel_delivery_access_log_dropped_total")
  void deadKafka() {
    String assetId = AssetId.generate();
    byte[] media = new byte[4096];
    TestPlatform.get().s3Client().putObject(b -> b.bucket(TestPlatform.BUCKET)
        .key(StorageLayout.originalKey(assetId)).contentType("video/mp4")
        .contentLength((long) media.length), AsyncRequestBody.fromBytes(media)).join();
    // Public media: these tests are about what is logged; signing is tested on its own.
    delivery = Services.delivery(new JsonObject()
        .put("REEL_DELIVERY_PUBLIC_ASSETS", "*")
        .put(KafkaSettings.BOOTSTRAP_SERVERS, noKafka.address())
        .put(AccessLogSettings.BUFFER, String.valueOf(BUFFER)));

    for (int i = 0; i < REQUESTS; i++) {
      long started = System.nanoTime();
      HttpResponse<byte[]> response = send(request(delivery.uri("/v1/media/" + assetId
          + "/source")).build());
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      assertEquals(200, response.statusCode());
      assertEquals(media.length, response.body().length);
      assertTrue(millis < 2000, "request " + i + " took " + millis + " ms");
    }

    eventually(Duration.ofSeconds(10), "drops counted", () -> metric(
        "reel_delivery_access_log_dropped_total").orElse(0.0) == REQUESTS - BUFFER);
    assertEquals(Optional.of((double) BUFFER), metric("reel_delivery_access_log_buffered"));
    assertEquals(Optional.of(0.0), metric("reel_delivery_access_log_published_total"));
  }

  /** A sample of delivery's Prometheus metrics, by name. */
  private Optional<Double> metric(String name) {
    HttpResponse<byte[]> response = send(request(delivery.uri("/metrics")).build());
    assertEquals(200, response.statusCode());
    return new String(response.body(), StandardCharsets.UTF_8).lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst();
  }
}
