package dev.reel.common.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocketHandshake;

/**
 * Answers the requests that never reach a router because they cannot be read as HTTP: a request
 * line or headers too long, a header line with no colon or with control characters, a garbled
 * request line, an unknown HTTP version. The status is the one Vert.x would send (see
 * {@link HttpServerRequest#DEFAULT_INVALID_REQUEST_HANDLER}), but with the JSON error body every
 * other error has, rather than none. The connection is closed: after a request that could not be
 * parsed, where the next one starts is anybody's guess.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {

  @Override
  public void handle(HttpServerRequest request) {
    request.response().putHeader("Connection", "close");
    ApiErrors.send(request.response(), codeFor(request), messageFor(request))
        .onComplete(sent -> request.connection().close());
  }

  /**
   * No service speaks WebSocket; refusing the handshake here is what lets requests of an unknown
   * HTTP version reach the request handler, which Vert.x otherwise answers itself with an empty
   * 501.
   */
  static void refuseWebSocket(ServerWebSocketHandshake handshake) {
    handshake.reject(404);
  }

  private static ErrorCode codeFor(HttpServerRequest request) {
    if (request.version() == null) {
      return ErrorCode.NOT_IMPLEMENTED;
    }
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof TooLongHttpLineException) {
      return ErrorCode.URI_TOO_LONG;
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return ErrorCode.HEADER_FIELDS_TOO_LARGE;
    }
    return ErrorCode.BAD_REQUEST;
  }

  private static String messageFor(HttpServerRequest request) {
    if (request.version() == null) {
      return "unsupported HTTP version";
    }
    Throwable cause = request.decoderResult().cause();
    return "malformed request" + (cause != null && cause.getMessage() != null
        ? ": " + cause.getMessage() : "");
  }
}
