package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An upload refused before its body was read, over a plain socket: what the client still sends
 * is read and dropped, and the connection is closed once it is done, goes silent or lingers too
 * long.
 */
class LingeringCloseTest {

  private static final long IDLE_MS = 500;
  private static final long MAX_MS = 2500;
  private static final int CHUNK = 64 * 1024;

  private static Vertx vertx;
  private static HttpServer server;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.post("/refuse").handler(ctx -> {
      ctx.response().putHeader("Connection", "close");
      LingeringClose.afterAnswer(ctx, IDLE_MS, MAX_MS);
      ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
          .end("{\"code\":\"PAYLOAD_TOO_LARGE\"}");
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.actualPort());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static void head(OutputStream out, long length) throws IOException {
    out.write(("POST /refuse HTTP/1.1\r\nHost: test\r\nContent-Length: " + length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    in.transferTo(read);
    return read.toString(StandardCharsets.US_ASCII);
  }

  @Test
  @DisplayName("a client sending for longer than the idle time, without a pause as long, "
      + "sends all of it, then reads the answer and a clean close")
  void steadySenderGetsTheAnswer() throws Exception {
    int chunks = 12;
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      head(out, (long) chunks * CHUNK);
      for (int i = 0; i < chunks; i++) {
        Thread.sleep(IDLE_MS / 3);
        // Written over twice the idle time: a close after a fixed idle time resets this.
        out.write(new byte[CHUNK]);
        out.flush();
      }
      String answer = readAll(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.toLowerCase().contains("connection: close"), answer);
      assertTrue(answer.endsWith("{\"code\":\"PAYLOAD_TOO_LARGE\"}"), answer);
    }
  }

  @Test
  @DisplayName("a client that stops sending is closed on after the idle time")
  void silentSenderIsClosed() throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      head(out, 100L * CHUNK);
      out.write(new byte[CHUNK]);
      out.flush();
      long start = System.nanoTime();
      String answer = readAll(socket.getInputStream());
      long waitedMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(waitedMs >= IDLE_MS / 2, "closed after " + waitedMs + " ms");
    }
  }

  @Test
  @DisplayName("a client that never stops sending is closed on at the cap")
  void endlessSenderIsCut() throws Exception {
    long sent = 0;
    long start = System.nanoTime();
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      long declared = 1L << 40;
      head(out, declared);
      try {
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(MAX_MS * 4)) {
          out.write(new byte[CHUNK / 16]);
          out.flush();
          sent += CHUNK / 16;
          Thread.sleep(20);
        }
      } catch (IOException cut) {
        // the server closed the connection: what this test waits for
      }
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(elapsedMs < MAX_MS * 4, "still open after " + elapsedMs + " ms, "
        + sent + " bytes sent");
    assertTrue(elapsedMs >= MAX_MS / 2, "cut after " + elapsedMs + " ms");
  }
}
