package dev.reel.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.AssetId;
import dev.reel.common.StorageLayout;
import dev.reel.delivery.http.DeliveryVerticle;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Viewers who leave in the middle of a body: a raw socket reads the start of a large response and
 * closes. Delivery must stop fetching from the origin, and say nothing about it above DEBUG: in
 * particular not Vert.x's "Response has already been written" for chunks that were on their way
 * when the connection went.
 */
class DeliveryDisconnectTest {

  private static final int SIZE = 32 * 1024 * 1024;

  private static RunningService<DeliveryVerticle> delivery;
  private static String source;
  private LoudLogs logs;

  @BeforeAll
  static void putObjectAndStart() {
    String id = AssetId.generate();
    TestBucket.put(StorageLayout.originalKey(id), TestBucket.random(SIZE, 31), "video/mp4");
    source = "/v1/media/" + id + "/source";
    delivery = Services.delivery(publicMedia());
  }

  @AfterAll
  static void stop() {
    if (delivery != null) {
      delivery.close();
    }
  }

  @BeforeEach
  void captureLogs() {
    logs = LoudLogs.capture();
  }

  @AfterEach
  void releaseLogs() {
    logs.close();
  }

  @Test
  @DisplayName("a viewer who leaves mid-body stops the origin fetch, and nothing is logged as an "
      + "error or warning")
  void wholeBodyCut() throws Exception {
    for (int i = 0; i < 5; i++) {
      cut("GET " + source + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }

    assertOriginIdle();
    assertQuiet();
  }

  @Test
  @DisplayName("a viewer who leaves in the middle of a multipart body stops it the same way")
  void multipartCut() throws Exception {
    for (int i = 0; i < 5; i++) {
      cut("GET " + source + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Range: bytes=0-9999999,20000000-29999999\r\n\r\n");
    }

    assertOriginIdle();
    assertQuiet();
  }

  @Test
  @DisplayName("an HTTP/2 viewer who resets the stream mid-body stops it the same way, and the "
      + "connection goes on serving")
  void h2StreamReset() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      var client = vertx.createHttpClient(new HttpClientOptions()
          .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
      for (int i = 0; i < 5; i++) {
        client.request(new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(delivery.uri(source).toString()))
            .compose(request -> request.send().compose(response -> {
              Promise<Void> cut = Promise.promise();
              response.handler(chunk -> {
                request.reset();
                cut.tryComplete();
              });
              return cut.future();
            }))
            .await(30, TimeUnit.SECONDS);
      }
      int status = client.request(new RequestOptions().setMethod(HttpMethod.GET)
              .setAbsoluteURI(delivery.uri(source).toString()).putHeader("Range", "bytes=0-9"))
          .compose(request -> request.send())
          .compose(response -> response.body().map(body -> response.statusCode()))
          .await(30, TimeUnit.SECONDS);

      assertEquals(206, status);
      assertOriginIdle();
      assertQuiet();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("after the cuts, the same connection pool still serves whole bodies")
  void stillServes() throws Exception {
    cut("GET " + source + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    var response = Http.send(Http.request(delivery.uri(source)).header("Range", "bytes=0-99")
        .build());

    assertEquals(206, response.statusCode());
    assertEquals(100, response.body().length);
  }

  // ---------------------------------------------------------------------------------------------

  /** Sends the request, reads the head and the start of the body, and closes the connection. */
  private static void cut(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", delivery.uri("/").getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] start = in.readNBytes(256 * 1024);
      assertTrue(new String(start, 0, 12, StandardCharsets.US_ASCII).matches("HTTP/1.1 20[06]"),
          "a body was on its way");
    }
  }

  /** No request to the origin is left open, and no more bytes arrive from it. */
  private static void assertOriginIdle() throws InterruptedException {
    Http.eventually(Duration.ofSeconds(10), "origin requests closed: " + originMeters(), () ->
        originGauge("vertx.http.client.active.requests") == 0);
    double read = originCounter("vertx.http.client.bytes.read");
    Thread.sleep(1000);
    assertEquals(read, originCounter("vertx.http.client.bytes.read"),
        "bytes still arriving from the origin: " + originMeters());
    assertTrue(read < SIZE, "the origin sent " + read + " bytes, a whole body or more: "
        + originMeters());
  }

  private void assertQuiet() {
    assertEquals(List.of(), logs.loud());
  }

  private static double originGauge(String name) {
    return meters(name).stream().flatMap(m -> StreamSupport.stream(m.measure().spliterator(),
        false)).mapToDouble(measurement -> measurement.getValue()).sum();
  }

  private static double originCounter(String name) {
    return originGauge(name);
  }

  private static List<Meter> meters(String name) {
    MeterRegistry registry = delivery.runtime().registry();
    return registry.getMeters().stream().filter(m -> m.getId().getName().equals(name)).toList();
  }

  private static String originMeters() {
    MeterRegistry registry = delivery.runtime().registry();
    return registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("vertx.http.client"))
        .map(m -> m.getId().getName() + m.getId().getTags() + "="
            + StreamSupport.stream(m.measure().spliterator(), false)
                .map(x -> x.getStatistic() + ":" + x.getValue()).toList())
        .toList().toString();
  }


  /**
   * Public media (signing is tested on its own) and no edge cache: with one, a fill goes on to
   * complete the cached copy after the viewer left, by design; this class checks the direct
   * path, where the viewer leaving stops the origin fetch.
   */
  private static JsonObject publicMedia() {
    return new JsonObject().put("REEL_DELIVERY_PUBLIC_ASSETS", "*")
        .put("REEL_DELIVERY_CACHE_ENABLED", "false");
  }
}
