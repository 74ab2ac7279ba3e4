package dev.reel.platform.it;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain HTTP proxy between a service and the test platform's S3 server that counts the
 * requests per method and object, so a test can tell how often the service really went to
 * S3. The Host header passes through unchanged: the service signed its requests for the proxy's
 * address, and S3 checks the signature against what it receives. It can hold GETs back a while,
 * so that requests for an uncached object surely overlap, or stall their bodies part-way, as an
 * S3 that stops answering.
 */
final class CountingS3Proxy implements AutoCloseable {

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive",
      "transfer-encoding", "upgrade", "proxy-connection");

  private final Vertx vertx = Vertx.vertx();
  private final URI target;
  private final HttpClient client;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private volatile Duration getDelay = Duration.ZERO;
  private volatile Duration headDelay = Duration.ZERO;
  private volatile long stallAfter = -1;
  private HttpServer server;

  private CountingS3Proxy(URI target) {
    this.target = target;
    this.client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(64));
  }

  static CountingS3Proxy start(URI target) {
    CountingS3Proxy proxy = new CountingS3Proxy(target);
    proxy.server = proxy.vertx.createHttpServer().requestHandler(proxy::forward)
        .listen(0, "127.0.0.1").await();
    return proxy;
  }

  /** The address to give the service as its S3 endpoint. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  /** How many {@code method} requests reached S3 for {@code key} of {@code bucket}. */
  int count(String method, String bucket, String key) {
    AtomicInteger count = counts.get(method + " /" + bucket + "/" + key);
    return count == null ? 0 : count.get();
  }

  /** Holds every GET back this long before passing it on. */
  void delayGets(Duration delay) {
    this.getDelay = delay;
  }

  /** Holds every HEAD back this long before passing it on. */
  void delayHeads(Duration delay) {
    this.headDelay = delay;
  }

  /**
   * Passes on the status line, the headers and the first {@code bytes} of every GET's body, and
   * then nothing more, keeping the connection open; -1 passes everything again.
   */
  void stallBodiesAfter(long bytes) {
    this.stallAfter = bytes;
  }

  private void forward(HttpServerRequest request) {
    request.pause();
    counts.computeIfAbsent(request.method().name() + " " + request.path(),
        k -> new AtomicInteger()).incrementAndGet();
    Duration delay = switch (request.method().name()) {
      case "GET" -> getDelay;
      case "HEAD" -> headDelay;
      default -> Duration.ZERO;
    };
    Future<Void> held = delay.isZero() ? Future.succeededFuture()
        : vertx.timer(delay.toMillis()).mapEmpty();
    held.compose(v -> request.response().closed()
            // The service gave up while the request was held back: S3 is not asked.
            ? Future.<HttpClientRequest>failedFuture("the service hung up")
            : client.request(new RequestOptions()
                .setMethod(request.method())
                .setServer(SocketAddress.inetSocketAddress(target.getPort(), target.getHost()))
                .setHost(request.authority().host())
                .setPort(request.authority().port())
                .setURI(request.uri())
                .setHeaders(withoutHopByHop(request.headers()))))
        .compose(upstream -> {
          request.connection().closeHandler(closed -> upstream.reset());
          return upstream.send(request);
        })
        .onSuccess(answer -> relay(request, answer,
            request.method().name().equals("GET") ? stallAfter : -1))
        .onFailure(e -> {
          if (!request.response().closed()) {
            request.response().setStatusCode(502).end(e.toString());
          }
        });
  }

  private static void relay(HttpServerRequest request, HttpClientResponse answer,
      long stallAfter) {
    var response = request.response().setStatusCode(answer.statusCode());
    response.headers().addAll(withoutHopByHop(answer.headers()));
    if (stallAfter < 0) {
      response.send(answer);
      return;
    }
    response.writeHead();
    AtomicLong relayed = new AtomicLong();
    answer.handler(chunk -> {
      long before = relayed.getAndAdd(chunk.length());
      if (before < stallAfter) {
        response.write(chunk.slice(0, (int) Math.min(chunk.length(), stallAfter - before)));
      }
    });
    answer.endHandler(ended -> {
      // The body's end never reaches the service.
    });
  }

  private static MultiMap withoutHopByHop(MultiMap headers) {
    MultiMap copy = MultiMap.caseInsensitiveMultiMap();
    headers.forEach((name, value) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        copy.add(name, value);
      }
    });
    return copy;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
