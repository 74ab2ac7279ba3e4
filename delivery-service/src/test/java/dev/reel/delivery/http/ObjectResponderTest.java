package dev.reel.delivery.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.http.ApiErrors;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.delivery.cache.FakeBody;
import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.storage.MediaStore;
import dev.reel.delivery.storage.ObjectInfo;
import dev.reel.delivery.storage.OriginBody;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When the viewer's status line goes out: as soon as the origin has answered, not when the
 * first bytes of its body get through, so a cold request's first byte costs one origin round
 * trip and nothing more.
 */
@ExtendWith(VertxExtension.class)
class ObjectResponderTest {

  private static final String KEY = "renditions/01jgq3k5m8c2v7w9x4y6z0a1b3/cmaf/720p/seg_1.m4s";
  private static final byte[] BYTES = new byte[300 * 1024];

  static {
    new Random(7).nextBytes(BYTES);
  }

  /** The bodies the store handed out, for the test to feed. */
  private final BlockingQueue<FakeBody> bodies = new ArrayBlockingQueue<>(4);
  private volatile boolean arriving;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    MediaStore store = new MediaStore() {
      @Override
      public Future<Optional<ObjectInfo>> describe(String key) {
        return Future.succeededFuture(Optional.of(new ObjectInfo(BYTES.length, "\"v1\"",
            "video/iso.segment", Instant.parse("2026-01-02T03:04:05Z"))));
      }

      @Override
      public Future<OriginBody> open(String key, ByteRange range) {
        FakeBody body = new FakeBody(vertx.getOrCreateContext());
        bodies.add(body);
        return Future.succeededFuture(arriving ? OriginBody.arriving(body, body::cancel)
            : new OriginBody(body, body::cancel));
      }
    };
    ObjectResponder responder = new ObjectResponder(store);
    Router router = Router.router(vertx);
    ApiErrors.install(router, new SimpleMeterRegistry());
    router.get("/seg").handler(ctx -> responder.respond(ctx, new ObjectResponder.Target(KEY,
            "video/iso.segment", "max-age=60", false,
            new ApiException(ErrorCode.MEDIA_FILE_NOT_FOUND, "no such file")))
        .onFailure(ctx::fail));
    port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await()
        .actualPort();
  }

  @Test
  @DisplayName("a body still arriving from the origin: the status line and headers go out "
      + "before any of its bytes, and the bytes follow whole")
  void headBeforeArrivingBody() throws Exception {
    arriving = true;
    try (Socket socket = get()) {
      // Not one byte of the body exists yet: only the head can be on its way.
      String head = readHead(socket.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
      String headers = head.toLowerCase(Locale.ROOT);
      assertTrue(headers.contains("content-length: " + BYTES.length + "\r\n"), head);
      assertTrue(headers.contains("etag: \"v1\"\r\n"), head);
      FakeBody body = bodies.poll(10, TimeUnit.SECONDS);
      body.push(BYTES, 0, BYTES.length);
      body.end();
      assertArrayEquals(BYTES, socket.getInputStream().readNBytes(BYTES.length));
    }
  }

  @Test
  @DisplayName("an arriving body that fails after its head went out: the response is cut "
      + "short, never padded or passed off as whole")
  void arrivingBodyFailsAfterHead() throws Exception {
    arriving = true;
    try (Socket socket = get()) {
      String head = readHead(socket.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
      FakeBody body = bodies.poll(10, TimeUnit.SECONDS);
      body.push(BYTES, 0, 1000);
      body.fail(new IOException("origin connection reset"));
      byte[] rest = socket.getInputStream().readAllBytes();
      assertEquals(1000, rest.length, "the connection closes after the bytes that came");
    }
  }

  @Test
  @DisplayName("a body at hand that fails before its first byte still gets a JSON error: its "
      + "head waits for the body")
  void bodyAtHandFailsFirst() throws Exception {
    arriving = false;
    try (Socket socket = get()) {
      FakeBody body = bodies.poll(10, TimeUnit.SECONDS);
      body.fail(new dev.reel.delivery.storage.S3MediaStore.OriginException("disk gone"));
      String head = readHead(socket.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 503"), head);
      assertTrue(head.toLowerCase().contains("content-type: application/json"), head);
    }
  }

  private Socket get() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    OutputStream out = socket.getOutputStream();
    out.write(("GET /seg HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** The status line and headers, up to the blank line; fails on the socket timeout. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head);
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}
