package dev.reel.common.http;

import dev.reel.common.service.OpsRoutes;
import dev.reel.common.service.ReadinessCheck;
import dev.reel.common.service.ServiceRuntime;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The HTTP edge every service shares: ops routes, JSON errors, and a listening server. */
public final class ServiceHttp {

  /** The longest URL CloudFront takes, in bytes; Vert.x's default request line is 4096. */
  static final int MAX_URL_BYTES = 8192;
  /** A request line with a URL of {@link #MAX_URL_BYTES}, its method and its version. */
  static final int MAX_REQUEST_LINE_BYTES = MAX_URL_BYTES + 64;
  /** The most header bytes CloudFront takes in a request; Vert.x's default is 8192. */
  static final int MAX_HEADER_BYTES = 20_480;

  private ServiceHttp() {
  }

  /**
   * A router that already answers health and metrics, turns every failure into JSON, and times
   * every request ({@link RequestMetrics}).
   */
  public static Router router(ServiceRuntime runtime, List<ReadinessCheck> checks) {
    Router router = Router.router(runtime.vertx());
    RequestMetrics metrics = new RequestMetrics(runtime.registry());
    router.route().handler(ctx -> {
      if (InvalidRequests.closesAfter(ctx.request())) {
        // Before a request read after this one is answered: see closesAfter. An upload answered
        // before its body was read (refused, too large) is read to its end first.
        LingeringClose.afterAnswer(ctx);
      }
      metrics.handle(ctx);
    });
    ApiErrors.install(router, runtime.registry());
    OpsRoutes.mount(router, runtime, checks);
    return router;
  }

  public static Future<HttpServer> listen(ServiceRuntime runtime, Router router,
      HttpSettings settings) {
    return listen(runtime, router, serverOptions(settings));
  }

  /**
   * The options every service's server starts from: where it listens; HTTP/1.1 with keep-alive,
   * and HTTP/2 over cleartext (h2c, by upgrade or prior knowledge), as Vert.x does by default;
   * no compression by the server, which would compress every body and drop its length (a
   * service that compresses does it for the responses it chooses). A connection is closed once
   * no byte has moved either way for the idle timeout: an upload or download that keeps moving
   * is never cut, however long it takes, but a silent or half-sent request does not hold a file
   * descriptor forever. No service speaks WebSocket (a handshake is refused), so no connection
   * carries the WebSocket compression handler Vert.x otherwise puts in every pipeline. A request
   * may be as large as CloudFront takes one ({@link #MAX_URL_BYTES}, {@link #MAX_HEADER_BYTES}):
   * a signed URL with a custom policy holds its resource twice, once in Base64.
   */
  public static HttpServerOptions serverOptions(HttpSettings settings) {
    HttpServerOptions options = new HttpServerOptions();
    options.getInitialSettings().setMaxHeaderListSize(MAX_HEADER_BYTES);
    return options
        .setHost(settings.host())
        .setPort(settings.port())
        .setCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setIdleTimeout(settings.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
        .setMaxHeaderSize(MAX_HEADER_BYTES)
        .setHttp2ClearTextEnabled(true);
  }

  /**
   * Listens with options a service adjusted, such as {@link TlsSettings#applyTo}. Requests that
   * cannot be read as HTTP, or that are framed in a way no service acts on (two Host lines, a GET
   * or HEAD announcing a body, a Transfer-Encoding that does not end with chunked), are answered
   * by {@link InvalidRequests}, with a JSON body, and their connection closed; so is a request
   * framed by Transfer-Encoding, once answered. A request whose target cannot be routed (a
   * fragment, a broken percent escape) gets a JSON 400 on a connection that stays open. Every
   * response, an error or not, carries a {@code Date}.
   */
  public static Future<HttpServer> listen(ServiceRuntime runtime, Router router,
      HttpServerOptions options) {
    return listen(runtime, router, options, connection -> { });
  }

  /** As {@link #listen(ServiceRuntime, Router, HttpServerOptions)}, seeing each connection open. */
  public static Future<HttpServer> listen(ServiceRuntime runtime, Router router,
      HttpServerOptions options, Handler<HttpConnection> connections) {
    InvalidRequests invalid = new InvalidRequests();
    HttpDate date = new HttpDate(Clock.systemUTC());
    return runtime.vertx()
        .createHttpServer(options)
        .connectionHandler(connections)
        .invalidRequestHandler(dated(date, invalid))
        .webSocketHandshakeHandler(InvalidRequests::refuseWebSocket)
        .requestHandler(dated(date, request -> {
          if (request.version() == null) {
            invalid.handle(request);
            return;
          }
          String problem = InvalidRequests.framingProblem(request);
          if (problem != null) {
            InvalidRequests.refuse(request, problem);
            return;
          }
          boolean closes = InvalidRequests.closesAfter(request);
          problem = InvalidRequests.targetProblem(request);
          if (problem != null && closes) {
            InvalidRequests.refuse(request, problem);
          } else if (problem != null) {
            InvalidRequests.refuseTarget(request, problem);
          } else {
            if (closes) {
              // The router closes the connection once the answer has ended.
              request.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
            if (request.method() == HttpMethod.OPTIONS && "*".equals(request.uri())) {
              serverOptions(request, router, closes);
            } else {
              router.handle(request);
            }
          }
        }))
        .listen();
  }

  /**
   * {@code OPTIONS *} asks about the server, not a resource (RFC 9110 section 9.3.7): no route
   * can match it, so it is answered here, 200 with the methods of every route in {@code Allow}.
   */
  private static void serverOptions(HttpServerRequest request, Router router, boolean closes) {
    request.response().putHeader("Allow", AllowedMethods.anywhere(router))
        .putHeader("Content-Length", "0")
        .end()
        .onComplete(v -> {
          if (closes) {
            request.connection().close();
          }
        });
  }

  /** Sets the Date header first, so that whatever answers, and however, sends it. */
  private static Handler<HttpServerRequest> dated(HttpDate date,
      Handler<HttpServerRequest> next) {
    return request -> {
      request.response().putHeader(HttpHeaders.DATE, date.now());
      next.handle(request);
    };
  }
}
