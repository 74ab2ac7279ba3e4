package dev.reel.bench.scenarios;

import dev.reel.common.service.ServiceRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The least that any HTTP proxy in front of S3 does, for scale: it takes an S3 URL and the
 * headers that sign it in its query, GETs it over a kept-alive connection with the same Vert.x
 * HTTP client delivery uses, on the Vert.x every service runs on ({@link ServiceRuntime}), sends
 * the status line and headers the moment S3 has answered, and pipes the body. No routing, access
 * check, cache, log or metric. Its first byte shows what one more hop costs on the bench's
 * machine, apart from anything delivery does.
 */
final class PassThroughProxy implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;

  private PassThroughProxy(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  static PassThroughProxy start() {
    Vertx vertx = ServiceRuntime.create("bench-proxy").vertx();
    HttpClient s3 = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(64));
    HttpServer server = vertx.createHttpServer()
        .requestHandler(request -> forward(s3, request))
        .listen(0, "127.0.0.1").await();
    return new PassThroughProxy(vertx, server);
  }

  /** The proxy's URL for a GET of {@code target} with {@code headers}. */
  URI url(URI target, Map<String, String> headers) {
    StringBuilder url = new StringBuilder("http://127.0.0.1:").append(server.actualPort())
        .append("/get?u=").append(URLEncoder.encode(target.toString(), StandardCharsets.UTF_8));
    headers.forEach((name, value) -> url.append("&h=")
        .append(URLEncoder.encode(name + ":" + value, StandardCharsets.UTF_8)));
    return URI.create(url.toString());
  }

  private static void forward(HttpClient s3, HttpServerRequest request) {
    String target = request.getParam("u");
    HttpServerResponse response = request.response();
    if (target == null) {
      response.setStatusCode(400).end();
      return;
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(target);
    for (String header : request.params().getAll("h")) {
      int colon = header.indexOf(':');
      options.putHeader(header.substring(0, colon), header.substring(colon + 1));
    }
    s3.request(options)
        .compose(get -> get.send())
        .onSuccess(answer -> {
          response.setStatusCode(answer.statusCode());
          for (String header : new String[] {"Content-Length", "Content-Type", "ETag",
              "Last-Modified"}) {
            String value = answer.getHeader(header);
            if (value != null) {
              response.putHeader(header, value);
            }
          }
          response.writeHead();
          answer.pipeTo(response);
        })
        .onFailure(failure -> response.setStatusCode(502).end());
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
