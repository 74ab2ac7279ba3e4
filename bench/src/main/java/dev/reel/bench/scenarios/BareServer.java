package dev.reel.bench.scenarios;

import dev.reel.common.service.ServiceRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URI;

/**
 * The least a Vert.x HTTP server does to answer a GET, for scale: one fixed body from memory, as
 * a cache hit would be, with its length and type; no routing, access check, log or metric. It
 * runs on the Vert.x every service runs on ({@link ServiceRuntime}: one event loop, which accepts
 * each new connection itself and serves it), as delivery does. Next to nginx and delivery, it
 * shows how much of a request's time on a new connection is the JVM stack itself.
 */
final class BareServer implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;

  private BareServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  static BareServer serving(byte[] body) {
    Vertx vertx = ServiceRuntime.create("bench-bare").vertx();
    Buffer bytes = Buffer.buffer(body);
    HttpServer server = vertx.createHttpServer()
        .requestHandler(request -> request.response()
            .putHeader("Content-Type", "video/iso.segment")
            .end(bytes))
        .listen(0, "127.0.0.1").await();
    return new BareServer(vertx, server);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.actualPort() + "/segment");
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
