package dev.reel.platform.it;

import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.common.AssetId;
import dev.reel.common.event.Topic;
import dev.reel.delivery.config.AccessLogSettings;
import dev.reel.delivery.http.DeliveryVerticle;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A delivery that stops sends the access log records it still holds, also when it has not sent
 * any yet: Kafka has not refused it anything, so it is given the chance.
 */
class DeliveryAccessLogStopTest {

  private static final int REQUESTS = 5;

  @Test
  @DisplayName("records held when delivery stops, before its first send, reach Kafka")
  void stopSendsWhatItHolds() {
    String assetId = AssetId.generate();
    // The first send is due in 10 s: until then every record is only held.
    RunningService<DeliveryVerticle> delivery = Services.delivery(new JsonObject()
        .put("REEL_DELIVERY_PUBLIC_ASSETS", "*")
        .put(AccessLogSettings.LINGER_MS, "10000"));
    try {
      for (int i = 0; i < REQUESTS; i++) {
        assertEquals(404, send(request(delivery.uri("/v1/media/" + assetId + "/cmaf/720p/seg_"
            + i + ".m4s")).build()).statusCode());
      }
    } finally {
      delivery.close();
    }
    assertEquals(REQUESTS, TestTopics.events(Topic.DELIVERY_ACCESS, assetId).size());
  }
}
