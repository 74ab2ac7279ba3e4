package dev.reel.common.http;

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
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * CORS in front of a service's routes, so that pages on other origins can call them. It runs
 * before any credential check: a browser sends its preflight {@code OPTIONS} without {@code
 * Authorization} (or a signature), and a 401 or 403 must carry {@code
 * Access-Control-Allow-Origin} too, or the page cannot read why it was refused. A request from an
 * origin that is not allowed gets no CORS headers and is otherwise served as usual (the browser
 * then withholds the answer from the page); only its preflight is refused, with a 403 that says
 * why. With a list of origins every answer varies by {@code Origin}, so that no cache hands one
 * origin's answer to another; with any origin allowed ({@code *}) every answer, to a request
 * with an {@code Origin} or without, says so, since a cache may hand either to either.
 */
public final class CorsHandler implements Handler<RoutingContext> {

  /** A day; Chromium caps it at two hours, Firefox honours it. */
  static final String MAX_AGE_SECONDS = "86400";
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");

  /**
   * What a service allows and exposes.
   *
   * @param allowedMethods the methods a preflight may ask for
   * @param allowedHeaders the request headers always allowed
   * @param exposedHeaders the response headers page script may read beyond the safelisted ones
   * @param alsoAllowed further request headers a preflight may ask for, by lower-case name (a
   *     family such as {@code x-reel-*} that grows with the API)
   * @param credentials whether a page of a listed origin may send cookies: answers to it then
   *     say {@code Access-Control-Allow-Credentials: true}. Never with {@code *}: browsers refuse
   *     credentials with a wildcard origin, and any site could then spend a viewer's cookies.
   */
  public record Policy(List<String> allowedMethods, List<String> allowedHeaders,
      List<String> exposedHeaders, Predicate<String> alsoAllowed, boolean credentials) {

    public Policy {
      allowedMethods = List.copyOf(allowedMethods);
      allowedHeaders = List.copyOf(allowedHeaders);
      exposedHeaders = List.copyOf(exposedHeaders);
    }

    /** A policy for an API whose callers authenticate by header, not by cookie. */
    public Policy(List<String> allowedMethods, List<String> allowedHeaders,
        List<String> exposedHeaders, Predicate<String> alsoAllowed) {
      this(allowedMethods, allowedHeaders, exposedHeaders, alsoAllowed, false);
    }

    /**
     * The fixed list, plus any header the preflight asks for that {@link #alsoAllowed} accepts,
     * once each; names that are not header tokens are never echoed.
     */
    public String allowedHeadersFor(String requested) {
      List<String> allowed = new ArrayList<>(allowedHeaders);
      if (requested != null) {
        Set<String> seen = new TreeSet<>();
        allowedHeaders.forEach(name -> seen.add(name.toLowerCase(Locale.ROOT)));
        for (String name : requested.split(",")) {
          String trimmed = name.trim();
          String lower = trimmed.toLowerCase(Locale.ROOT);
          if (HEADER_NAME.matcher(trimmed).matches() && alsoAllowed.test(lower)
              && seen.add(lower)) {
            allowed.add(trimmed);
          }
        }
      }
      return String.join(", ", allowed);
    }
  }

  private final CorsOrigins origins;
  private final Policy policy;
  private final String exposed;

  public CorsHandler(CorsOrigins origins, Policy policy) {
    this.origins = origins;
    this.policy = policy;
    this.exposed = String.join(", ", policy.exposedHeaders());
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    String origin = request.getHeader("Origin");
    if (!origins.anyOrigin()) {
      Vary.add(response.headers(), "Origin");
    } else if (origin == null) {
      // The same answer with or without an Origin: a browser or proxy cache that keeps the
      // answer to a plain request (a poster, a segment a prefetcher read) can give it to a page
      // that reads it cross-origin, as the Fetch standard's CORS and HTTP caches note asks.
      response.putHeader("Access-Control-Allow-Origin", "*")
          .putHeader("Access-Control-Expose-Headers", exposed);
    }
    if (origin == null) {
      ctx.next();
      return;
    }
    Optional<String> allowOrigin = origins.allowOriginFor(origin);
    boolean preflight = request.method() == HttpMethod.OPTIONS
        && request.getHeader("Access-Control-Request-Method") != null;
    if (allowOrigin.isEmpty()) {
      if (preflight) {
        ctx.fail(new ApiException(ErrorCode.FORBIDDEN, "origin " + origin + " may not call "
            + "this API from a browser: it is not in " + origins.key()));
      } else {
        ctx.next();
      }
      return;
    }
    response.putHeader("Access-Control-Allow-Origin", allowOrigin.get());
    if (policy.credentials() && !origins.anyOrigin()) {
      response.putHeader("Access-Control-Allow-Credentials", "true");
    }
    if (preflight) {
      Vary.add(response.headers(), "Access-Control-Request-Headers");
      response.setStatusCode(204)
          .putHeader("Access-Control-Allow-Methods", String.join(", ", policy.allowedMethods()))
          .putHeader("Access-Control-Allow-Headers",
              policy.allowedHeadersFor(request.getHeader("Access-Control-Request-Headers")))
          .putHeader("Access-Control-Max-Age", MAX_AGE_SECONDS)
          .end();
      return;
    }
    response.putHeader("Access-Control-Expose-Headers", exposed);
    ctx.next();
  }
}
