package dev.reel.delivery.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.event.DeliveryAccessed;
import dev.reel.delivery.domain.TrustedProxies;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The access log handler in front of stand-in media handlers: what it records, and the
 * {@link AccessFacts} contract with the handlers behind it.
 */
@ExtendWith(VertxExtension.class)
class AccessLogHandlerTest {

  private static final String ASSET = "01jgq3k5m8c2v7w9x4y6z0a1b3";
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  /** How long the slow stand-ins wait before their status line, or between it and the end. */
  private static final long WAIT_MILLIS = 150;

  private final BlockingQueue<DeliveryAccessed> records = new LinkedBlockingQueue<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route("/v1/media/*").handler(new AccessLogHandler(
        TrustedProxies.parse(List.of("127.0.0.1")), records::add, registry));
    router.get("/v1/media/:assetId/signed.m3u8").handler(ctx -> ctx
        .put(AccessFacts.KEY_ID, "K2JCJMDEHXQW5F").put(AccessFacts.CACHE_HIT, true)
        .end("#EXTM3U\n"));
    router.get("/v1/media/:assetId/open.m3u8").handler(ctx -> ctx.end("#EXTM3U\n"));
    // A miss: the status line waits for the "origin".
    router.get("/v1/media/:assetId/slow-head").handler(ctx -> vertx.setTimer(WAIT_MILLIS,
        id -> ctx.put(AccessFacts.CACHE_HIT, false).end("late")));
    // The status line at once, the end of the body much later.
    router.get("/v1/media/:assetId/slow-body").handler(ctx -> {
      ctx.put(AccessFacts.CACHE_HIT, true);
      ctx.response().setChunked(true).write("first");
      vertx.setTimer(WAIT_MILLIS, id -> ctx.response().end("last"));
    });
    // Never answers.
    router.get("/v1/media/:assetId/stall").handler(ctx -> { });
    router.get("/v1/media/:assetId/whoami").handler(ctx -> ctx.end(
        String.valueOf((Object) ctx.get(AccessFacts.CLIENT_IP))));
    HttpServer server = vertx.createHttpServer().requestHandler(router)
        .listen(0, "127.0.0.1").await();
    port = server.actualPort();
  }

  @Test
  @DisplayName("the key id and cache hit that later handlers put in the context are recorded")
  void factsFromLaterHandlers() throws Exception {
    get("/v1/media/" + ASSET + "/signed.m3u8", "CMCD=ot%3Dm%2Csid%3D%22s1%22");

    DeliveryAccessed access = next();
    assertEquals("K2JCJMDEHXQW5F", access.keyId());
    assertTrue(access.cacheHit());
    assertEquals(java.util.Map.of("ot", "m", "sid", "s1"), access.cmcd());
  }

  @Test
  @DisplayName("without those facts the key id is null and the cache hit false")
  void factsAbsent() throws Exception {
    HttpResponse<String> response = get("/v1/media/" + ASSET + "/open.m3u8", null);

    DeliveryAccessed access = next();
    assertNull(access.keyId());
    assertFalse(access.cacheHit());
    assertEquals(8, access.bytesSent());
    assertEquals(response.headers().firstValue("X-Request-Id").orElse(null),
        access.requestId());
  }

  @Test
  @DisplayName("the resolved client IP is in the context for the handlers behind")
  void clientIpFact() throws Exception {
    HttpResponse<String> response = get("/v1/media/" + ASSET + "/whoami", null,
        "X-Forwarded-For", "203.0.113.9");

    assertEquals("203.0.113.9", response.body());
    assertEquals("203.0.113.9", next().clientIp());
  }

  @Test
  @DisplayName("a request the router answers 404 itself is recorded with that status")
  void routerNotFound() throws Exception {
    HttpResponse<String> response = get("/v1/media/" + ASSET + "/nothing-here", null);

    DeliveryAccessed access = next();
    assertEquals(404, access.status());
    assertEquals(response.body().length(), access.bytesSent());
  }

  @Test
  @DisplayName("the first byte is timed to the status line, by where the body came from")
  void firstByte() throws Exception {
    get("/v1/media/" + ASSET + "/slow-head", null);
    DeliveryAccessed miss = next();
    get("/v1/media/" + ASSET + "/slow-body", null);
    DeliveryAccessed hit = next();
    get("/v1/media/" + ASSET + "/nothing-here", null);
    DeliveryAccessed none = next();

    // Waiting before the status line counts; waiting after it does not.
    assertTrue(miss.timeToFirstByteMicros() >= WAIT_MILLIS * 1000, miss.toString());
    assertTrue(miss.timeToFirstByteMicros() <= miss.durationMs() * 1000 + 1000,
        miss.toString());
    assertTrue(hit.durationMs() >= WAIT_MILLIS, hit.toString());
    assertTrue(hit.timeToFirstByteMicros() < WAIT_MILLIS * 1000, hit.toString());
    assertNotNull(none.timeToFirstByteMicros());
    Timer missTimer = timer("miss");
    assertEquals(1, missTimer.count());
    assertEquals(miss.timeToFirstByteMicros(), missTimer.totalTime(TimeUnit.MICROSECONDS), 1);
    Timer hitTimer = timer("hit");
    assertEquals(1, hitTimer.count());
    assertTrue(hitTimer.totalTime(TimeUnit.MILLISECONDS) < WAIT_MILLIS);
    assertEquals(1, timer("none").count());
  }

  @Test
  @DisplayName("a viewer who leaves before the status line has no first byte")
  void leftBeforeFirstByte() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /v1/media/" + ASSET + "/stall HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(200);
    }

    DeliveryAccessed access = next();
    assertEquals(0, access.status());
    assertNull(access.timeToFirstByteMicros());
    assertEquals(0, registry.find("reel.delivery.first.byte").timers().stream()
        .mapToLong(Timer::count).sum());
  }

  private Timer timer(String cache) {
    return registry.get("reel.delivery.first.byte").tag("cache", cache).timer();
  }

  @Test
  @DisplayName("a path that names no valid asset id gets a request id but no record")
  void noAsset() throws Exception {
    HttpResponse<String> response = get("/v1/media/not-an-asset/open.m3u8", null);

    assertNotNull(response.headers().firstValue("X-Request-Id").orElse(null));
    assertNull(records.poll(300, TimeUnit.MILLISECONDS));
  }

  @Test
  @DisplayName("the asset id is read from the raw path's first segment under /v1/media/")
  void assetIdOf() {
    assertEquals(ASSET, AccessLogHandler.assetIdOf("/v1/media/" + ASSET + "/cmaf/a/b.m4s"));
    assertEquals(ASSET, AccessLogHandler.assetIdOf("/v1/media/" + ASSET));
    assertNull(AccessLogHandler.assetIdOf("/v1/media/" + ASSET.toUpperCase() + "/source"));
    assertNull(AccessLogHandler.assetIdOf("/v1/assets/" + ASSET));
    assertNull(AccessLogHandler.assetIdOf("/v1/media/"));
  }

  private DeliveryAccessed next() throws InterruptedException {
    DeliveryAccessed access = records.poll(5, TimeUnit.SECONDS);
    assertNotNull(access, "no record");
    assertEquals(ASSET, access.assetId());
    return access;
  }

  private HttpResponse<String> get(String path, String query, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + path + (query == null ? "" : "?" + query)));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
