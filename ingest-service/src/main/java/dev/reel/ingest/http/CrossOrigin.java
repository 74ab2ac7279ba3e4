package dev.reel.ingest.http;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.config.CorsSettings;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * CORS, so that browser upload clients (tus-js-client, Uppy, a form, a page driving a presigned
 * upload) can call ingest from another origin. It runs before the API key check: a browser sends
 * a preflight {@code OPTIONS} without {@code Authorization}, and a 401 must carry
 * {@code Access-Control-Allow-Origin} too, or the page cannot read why it was refused. A request
 * from an origin that is not allowed gets no CORS headers and is otherwise served as usual (the
 * browser then withholds the answer from the page); only its preflight is refused, with a 403
 * that says why.
 */
public final class CrossOrigin implements Handler<RoutingContext> {

  /** Everything a Reel upload client sends; X-Reel-* headers are allowed as asked for. */
  static final List<String> ALLOWED_HEADERS = List.of("Authorization", "Content-Type",
      "Tus-Resumable", "Upload-Length", "Upload-Defer-Length", "Upload-Metadata", "Upload-Offset",
      "Upload-Checksum", "Upload-Concat", "Idempotency-Key", "Content-Digest", "Content-MD5",
      "X-HTTP-Method-Override", "X-Requested-With", "X-Reel-Filename", "X-Reel-Storage-Class",
      "X-Reel-Tags");
  static final String ALLOWED_METHODS = "GET, HEAD, POST, PATCH, DELETE, OPTIONS";
  /** Response headers page script may read: tus needs Location and Upload-Offset at least. */
  static final String EXPOSED_HEADERS = String.join(", ", "Location", "Upload-Offset",
      "Upload-Length", "Upload-Expires", "Upload-Metadata", "Upload-Defer-Length",
      "Upload-Concat", "Tus-Resumable", "Tus-Version", "Tus-Extension", "Tus-Max-Size",
      "Tus-Checksum-Algorithm", "ETag", "Idempotent-Replayed", "WWW-Authenticate");
  /** A day; Chromium caps it at two hours, Firefox honours it. */
  static final String MAX_AGE_SECONDS = "86400";

  private static final String REEL_HEADER_PREFIX = "x-reel-";
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Set<String> ALLOWED_LOWER = lowerCase(ALLOWED_HEADERS);

  private final CorsSettings settings;

  public CrossOrigin(CorsSettings settings) {
    this.settings = settings;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    if (!settings.anyOrigin()) {
      // The answer differs by origin: a cache must not hand one origin's answer to another.
      response.headers().add("Vary", "Origin");
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      ctx.next();
      return;
    }
    Optional<String> allowOrigin = settings.allowOriginFor(origin);
    boolean preflight = request.method() == HttpMethod.OPTIONS
        && request.getHeader("Access-Control-Request-Method") != null;
    if (allowOrigin.isEmpty()) {
      if (preflight) {
        ctx.fail(new ApiException(ErrorCode.FORBIDDEN, "origin " + origin + " may not call "
            + "this API from a browser: it is not in " + CorsSettings.ORIGINS));
      } else {
        ctx.next();
      }
      return;
    }
    response.putHeader("Access-Control-Allow-Origin", allowOrigin.get());
    if (preflight) {
      response.headers().add("Vary", "Access-Control-Request-Headers");
      response.setStatusCode(204)
          .putHeader("Access-Control-Allow-Methods", ALLOWED_METHODS)
          .putHeader("Access-Control-Allow-Headers",
              allowedHeaders(request.getHeader("Access-Control-Request-Headers")))
          .putHeader("Access-Control-Max-Age", MAX_AGE_SECONDS)
          .end();
      return;
    }
    response.putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    ctx.next();
  }

  /**
   * The fixed list, plus any {@code X-Reel-*} header the preflight asks for: the API may grow new
   * ones, and a browser must not be locked out of them by a stale list.
   */
  static String allowedHeaders(String requested) {
    List<String> allowed = new ArrayList<>(ALLOWED_HEADERS);
    if (requested != null) {
      Set<String> seen = new TreeSet<>(ALLOWED_LOWER);
      for (String name : requested.split(",")) {
        String trimmed = name.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (HEADER_NAME.matcher(trimmed).matches() && lower.startsWith(REEL_HEADER_PREFIX)
            && seen.add(lower)) {
          allowed.add(trimmed);
        }
      }
    }
    return String.join(", ", allowed);
  }

  private static Set<String> lowerCase(List<String> names) {
    Set<String> lower = new TreeSet<>();
    names.forEach(name -> lower.add(name.toLowerCase(Locale.ROOT)));
    return lower;
  }
}
