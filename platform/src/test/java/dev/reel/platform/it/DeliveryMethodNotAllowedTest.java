package dev.reel.platform.it;

import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.request;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.delivery.http.DeliveryVerticle;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A method delivery has no route for is a 405 that says, in Allow, which ones it has. */
class DeliveryMethodNotAllowedTest {

  private static RunningService<DeliveryVerticle> delivery;

  @BeforeAll
  static void start() {
    delivery = Services.delivery(new JsonObject());
  }

  @AfterAll
  static void stop() {
    if (delivery != null) {
      delivery.close();
    }
  }

  @Test
  @DisplayName("DELETE on a media URL is a 405 with Allow: GET, HEAD and a dated JSON body")
  void deleteOnMedia() {
    HttpResponse<byte[]> response = send(request(delivery.uri("/v1/media/"
        + AssetId.generate() + "/720p/index.m3u8")).DELETE().build());

    assertEquals(405, response.statusCode(), new String(response.body()));
    List<String> allowed = Arrays.stream(response.headers().firstValue("Allow").orElse("")
        .split(",")).map(String::trim).toList();
    assertTrue(allowed.containsAll(List.of("GET", "HEAD")), allowed.toString());
    assertEquals("METHOD_NOT_ALLOWED", json(response).getString("code"));
    assertTrue(response.headers().firstValue("Date").isPresent(), "no Date header");
  }
}
