package dev.reel.common.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.List;

/**
 * Answers the requests that never reach a router because they cannot be read as HTTP: a request
 * line or headers too long, a header line with no colon or with control characters, a garbled
 * request line, an unknown HTTP version. The status is the one Vert.x would send (see
 * {@link HttpServerRequest#DEFAULT_INVALID_REQUEST_HANDLER}), but with the JSON error body every
 * other error has, rather than none; except for a version Vert.x cannot read, which gets 505 HTTP
 * Version Not Supported (RFC 9110 section 15.6.6) rather than Vert.x's 501, the status for a
 * method the server does not know. (RFC 9112 section 2.3 would have an HTTP/1.2 request read as
 * HTTP/1.1, but Vert.x hands it over with no version to answer in.) The connection is closed:
 * after a request that could not be parsed, where the next one starts is anybody's guess.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {

  @Override
  public void handle(HttpServerRequest request) {
    answerAndClose(request, codeFor(request), messageFor(request));
  }

  /**
   * Why an HTTP/1.x request that the decoder read is still framed in a way no service should act
   * on, or null when it is not:
   *
   * <ul>
   *   <li>More than one {@code Host} line: RFC 9112 section 3.2 requires a 400.</li>
   *   <li>A {@code GET} or {@code HEAD} announcing a body ({@code Transfer-Encoding}, or a
   *       {@code Content-Length} other than 0). Neither has a body any service reads, and it is
   *       how a request is smuggled: sent with both headers, the decoder frames it by
   *       {@code Transfer-Encoding} and drops {@code Content-Length} before any handler sees it,
   *       so a proxy in front that framed it by {@code Content-Length} and this server disagree
   *       on where the next request starts. RFC 9112 section 6.1 lets a server refuse such a
   *       request and requires it to close the connection; CloudFront refuses a GET with a body
   *       too.</li>
   *   <li>A {@code Transfer-Encoding} whose last coding is not {@code chunked}, on any method:
   *       where the body ends cannot be told, and RFC 9112 section 6.3 requires a 400 and a
   *       close.</li>
   * </ul>
   *
   * <p>Other methods with {@code Transfer-Encoding: chunked} are uploads, framed by it as the RFC
   * says; their connection is closed after the answer ({@link #closesAfter}).
   */
  static String framingProblem(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_1_1 && request.version() != HttpVersion.HTTP_1_0) {
      return null;
    }
    if (request.headers().getAll(HttpHeaders.HOST).size() > 1) {
      return "more than one Host header";
    }
    HttpMethod method = request.method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
          || (length != null && !length.equals("0"))) {
        return "a " + method + " request carries no body, but this one announced one "
            + "(Transfer-Encoding or Content-Length)";
      }
    }
    List<String> codings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
    if (!codings.isEmpty()) {
      String last = codings.get(codings.size() - 1);
      last = last.substring(last.lastIndexOf(',') + 1).strip();
      if (!last.equalsIgnoreCase("chunked")) {
        return "the Transfer-Encoding's last coding is not chunked, so where the body ends "
            + "cannot be told";
      }
    }
    return null;
  }

  /**
   * Whether the connection is to be closed once this request is answered: an HTTP/1.x request
   * framed by {@code Transfer-Encoding}. It may have come with a {@code Content-Length} too,
   * which the decoder drops before any handler can see it, and then RFC 9112 section 6.1
   * requires the close: a proxy in front that framed the request by its length would read what
   * follows the chunked body as part of it, where this server would read a request.
   */
  static boolean closesAfter(HttpServerRequest request) {
    return (request.version() == HttpVersion.HTTP_1_1 || request.version() == HttpVersion.HTTP_1_0)
        && request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  /**
   * Answers a request {@link #framingProblem} found wrong with a 400, then closes the
   * connection: whatever follows on it cannot be trusted to be a request of its own.
   */
  static void refuse(HttpServerRequest request, String problem) {
    answerAndClose(request, ErrorCode.BAD_REQUEST, problem);
  }

  /**
   * Why the request target cannot be routed, or null when it can:
   *
   * <ul>
   *   <li>A {@code #}: a fragment stays with the client (RFC 3986 section 3.5) and is not part of
   *       a request target (RFC 9112 section 3.2); read as part of the path or of the last query
   *       parameter, it would turn, say, a signed URL's Key-Pair-Id into an unknown key.</li>
   *   <li>A {@code %} in the path or the query not followed by two hex digits (RFC 3986 section
   *       2.1): the router cannot decode the path, and would answer a plain-text 400 after
   *       logging the failure as an unhandled error, on every such request; a route with path
   *       parameters decodes the query too, and answers the same bare 400.</li>
   * </ul>
   *
   * <p>Such a request was read whole, so its connection stays usable.
   */
  static String targetProblem(HttpServerRequest request) {
    if (request.uri().indexOf('#') >= 0) {
      return "the request target has a '#': a URL's fragment is not sent to the server "
          + "(RFC 9112 section 3.2)";
    }
    String broken = brokenEscape(request.path()) ? "path"
        : brokenEscape(request.query()) ? "query" : null;
    return broken == null ? null : "the " + broken + " has a '%' that is not followed by two hex "
        + "digits (RFC 3986 section 2.1): write a '%' itself as %25";
  }

  private static boolean brokenEscape(String part) {
    for (int i = part == null ? -1 : part.indexOf('%'); i >= 0; i = part.indexOf('%', i + 1)) {
      if (i + 2 >= part.length() || Character.digit(part.charAt(i + 1), 16) < 0
          || Character.digit(part.charAt(i + 2), 16) < 0) {
        return true;
      }
    }
    return false;
  }

  /** Answers a request {@link #targetProblem} found wrong with a 400. */
  static void refuseTarget(HttpServerRequest request, String problem) {
    ApiErrors.send(request, ErrorCode.BAD_REQUEST, problem);
  }

  /**
   * Sends the error and closes the connection at once, not once the answer is sent: by then
   * Vert.x would have handed a request pipelined behind this one (already decoded) to the
   * router. The close still lets the answer written before it go out.
   */
  private static void answerAndClose(HttpServerRequest request, ErrorCode code,
      String message) {
    request.response().putHeader("Connection", "close");
    ApiErrors.send(request, code, message);
    request.connection().close();
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
      return ErrorCode.HTTP_VERSION_NOT_SUPPORTED;
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
