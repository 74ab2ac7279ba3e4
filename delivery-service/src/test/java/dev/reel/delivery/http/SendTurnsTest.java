package dev.reel.delivery.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.delivery.config.SendSettings;
import io.netty.channel.socket.SocketChannelConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery's connections as the kernel and Netty see them: the send buffer asked for, one write
 * per turn, and large file regions that still arrive whole when they go out in many turns.
 */
@ExtendWith(VertxExtension.class)
class SendTurnsTest {

  private static final int FILE_BYTES = 12 * 1024 * 1024;

  @TempDir
  Path dir;
  private FileChannel file;
  private byte[] bytes;

  @AfterEach
  void close() throws Exception {
    if (file != null) {
      file.close();
    }
  }

  /** A server whose /socket tells its connection's settings and /file?from&to sends a region. */
  private int serve(Vertx vertx, SendSettings settings) throws Exception {
    bytes = new byte[FILE_BYTES];
    new Random(11).nextBytes(bytes);
    Path path = Files.write(dir.resolve("segment.m4s"), bytes);
    file = FileChannel.open(path, StandardOpenOption.READ);
    HttpServerOptions options = SendTurns.applyTo(new HttpServerOptions(), settings);
    return vertx.createHttpServer(options)
        .connectionHandler(SendTurns::take)
        .requestHandler(request -> {
          if (request.path().equals("/socket")) {
            SocketChannelConfig config = (SocketChannelConfig)
                ((ConnectionBase) request.connection()).channel().config();
            request.response().end(new JsonObject()
                .put("writeSpinCount", config.getWriteSpinCount())
                .put("sendBufferSize", config.getSendBufferSize()).encode());
          } else {
            long from = Long.parseLong(request.getParam("from"));
            long to = Long.parseLong(request.getParam("to"));
            request.response().sendFile(file, from, to - from);
          }
        })
        .listen(0, "127.0.0.1").await().actualPort();
  }

  private static String get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  @DisplayName("a viewer's connection is written to once per turn, with the send buffer asked "
      + "for (Linux reserves twice the size asked)")
  void boundedSocket(Vertx vertx) throws Exception {
    int port = serve(vertx, new SendSettings(64 * 1024));

    JsonObject socket = new JsonObject(get(port, "/socket"));

    assertEquals(1, socket.getInteger("writeSpinCount"));
    int size = socket.getInteger("sendBufferSize");
    assertTrue(size == 64 * 1024 || size == 128 * 1024, "SO_SNDBUF " + size);
  }

  @Test
  @DisplayName("with 0 the kernel sizes the buffer: the server asks for nothing, and still "
      + "writes once per turn")
  void kernelSized(Vertx vertx) throws Exception {
    SendSettings kernel = new SendSettings(0);
    assertEquals(HttpServerOptions.DEFAULT_SEND_BUFFER_SIZE,
        SendTurns.applyTo(new HttpServerOptions(), kernel).getSendBufferSize());

    JsonObject socket = new JsonObject(get(serve(vertx, kernel), "/socket"));

    assertEquals(1, socket.getInteger("writeSpinCount"));
  }

  @Test
  @DisplayName("8 viewers at once, through the smallest buffer (64 KiB): each gets its region of "
      + "the file whole and in order, though the larger go out in dozens of turns")
  void regionsArriveWhole(Vertx vertx) throws Exception {
    int port = serve(vertx, new SendSettings(64 * 1024));
    long[][] regions = {
        {0, FILE_BYTES}, {1, FILE_BYTES - 1}, {4096, 4096 + 1024 * 1024},
        {FILE_BYTES - 1, FILE_BYTES}, {3 * 1024 * 1024 + 17, 9 * 1024 * 1024},
        {0, 1}, {5_000_000, 5_000_000 + 4 * 1024 * 1024}, {1024 * 1024, 2 * 1024 * 1024}};
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
    for (long[] region : regions) {
      responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + port + "/file?from=" + region[0] + "&to=" + region[1])).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (int i = 0; i < regions.length; i++) {
      HttpResponse<byte[]> response = responses.get(i).get(60, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode());
      assertArrayEquals(Arrays.copyOfRange(bytes, (int) regions[i][0], (int) regions[i][1]),
          response.body(), "region " + Arrays.toString(regions[i]));
    }
  }
}
