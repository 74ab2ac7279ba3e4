package dev.reel.common.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: {@code {"code": ..., "message": ...}} with the
 * code's status. Unexpected failures are logged with their stack trace, counted, and answered
 * with a generic 500 that reveals nothing of the internals.
 */
public final class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private final MeterRegistry registry;

  private ApiErrors(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Installs the failure handler and JSON answers for the router's own 404/405/413. */
  public static void install(Router router, MeterRegistry registry) {
    ApiErrors errors = new ApiErrors(registry);
    // Last, so that a route's own failure handler can act before the answer is written.
    router.route().last().failureHandler(errors::handle);
    router.errorHandler(404, ctx -> errors.write(ctx, ErrorCode.NOT_FOUND,
        "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
    router.errorHandler(405, ctx -> {
      String allowed = AllowedMethods.at(router, ctx.normalizedPath());
      if (!allowed.isEmpty()) {
        ctx.response().putHeader("Allow", allowed);
      }
      errors.write(ctx, ErrorCode.METHOD_NOT_ALLOWED, "method " + ctx.request().method()
          + " is not allowed on " + ctx.request().path());
    });
    router.errorHandler(413, ctx -> errors.write(ctx, ErrorCode.PAYLOAD_TOO_LARGE,
        "request body too large"));
  }

  private void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      api.headers().forEach((name, value) -> ctx.response().putHeader(name, value));
      write(ctx, api.code(), api.getMessage());
    } else if (failure instanceof HttpException http && http.getStatusCode() < 500) {
      write(ctx, codeFor(http.getStatusCode()), http.getPayload() != null
          ? http.getPayload() : "request rejected");
    } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      write(ctx, codeFor(ctx.statusCode()), "request rejected");
    } else if (failure instanceof VertxException && ctx.statusCode() >= 400
        && ctx.statusCode() < 500) {
      // The router's own refusal of a malformed request (an HTTP/1.1 request with no Host
      // header, a path that does not start with '/'): the client's mistake, and its message
      // says which, with nothing of the internals. Vert.x says the same of a Host header it
      // could not read as of one that is missing.
      boolean badHost = ctx.request().headers().contains("Host")
          && String.valueOf(failure.getMessage()).contains("'Host' header is required");
      write(ctx, codeFor(ctx.statusCode()), badHost
          ? "the 'Host' header is not a host name or address with an optional port"
          : failure.getMessage());
    } else {
      Counter.builder("reel.http.unexpected.errors")
          .description("requests answered 500 because of a failure no handler expected")
          .register(registry).increment();
      LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(),
          failure);
      write(ctx, ErrorCode.INTERNAL_ERROR, "internal error");
    }
  }

  private static ErrorCode codeFor(int status) {
    return switch (status) {
      case 401 -> ErrorCode.UNAUTHORIZED;
      case 403 -> ErrorCode.FORBIDDEN;
      case 404 -> ErrorCode.NOT_FOUND;
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      case 416 -> ErrorCode.RANGE_NOT_SATISFIABLE;
      default -> ErrorCode.BAD_REQUEST;
    };
  }

  private void write(RoutingContext ctx, ErrorCode code, String message) {
    var response = ctx.response();
    if (response.headWritten()) {
      // Part of a body is already on the wire: the only honest signal left is a broken stream.
      response.reset();
      return;
    }
    // A handler may have described the body it meant to send before it failed.
    response.headers().remove("Content-Length").remove("Content-Encoding");
    send(ctx.request(), code, message);
  }

  /**
   * Answers {@code {"code": ..., "message": ...}} with the code's status; to HEAD, its headers
   * alone ({@link Responses#end}).
   */
  static Future<Void> send(HttpServerRequest request, ErrorCode code, String message) {
    request.response().setStatusCode(code.status())
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store");
    return Responses.end(request, Buffer.buffer(new JsonObject().put("code", code.name())
        .put("message", message).encode()));
  }
}
