package dev.reel.common.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** Ends answers whose whole body is in hand, for GET and HEAD alike. */
public final class Responses {

  private Responses() {
  }

  /**
   * Ends the answer with {@code body} and its exact {@code Content-Length}. An answer to HEAD
   * says the same length and sends no body (RFC 9110 9.3.2): Vert.x leaves a HEAD's
   * {@code Content-Length} out, and over HTTP/2 it would send the body.
   */
  public static Future<Void> end(HttpServerRequest request, Buffer body) {
    HttpServerResponse response = request.response()
        .putHeader("Content-Length", String.valueOf(body.length()));
    return request.method() == HttpMethod.HEAD ? response.end() : response.end(body);
  }
}
