package dev.reel.common.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods a router has routes for at a path: the {@code Allow} header a 405 must carry (RFC
 * 9110 section 15.5.6). Vert.x Web works them out while it routes but does not hand them over, so
 * they are read off the routes' declared paths ({@code /v1/media/:assetId/*}): a literal segment
 * matches itself, a {@code :param} any one segment, a trailing {@code *} the rest. Routes for
 * every method are not counted (they are filters, not endpoints), nor are routes declared by a
 * regular expression, whose paths the router does not expose.
 */
final class AllowedMethods {

  private static final Pattern PARAM = Pattern.compile(":[A-Za-z][A-Za-z0-9_]*");

  private AllowedMethods() {
  }

  /** The methods, comma-separated in alphabetical order; empty if none are known. */
  static String at(Router router, String path) {
    Set<String> methods = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      // A route for every method has no set of methods (null), or an empty one.
      Set<HttpMethod> routed = route.methods();
      if (routed != null && !routed.isEmpty() && route.getPath() != null
          && matches(route, path)) {
        routed.forEach(method -> methods.add(method.name()));
      }
    }
    return String.join(", ", methods);
  }

  /**
   * The methods of every route: what {@code OPTIONS *}, which asks about the server rather than
   * one resource (RFC 9110 section 9.3.7), is told, with OPTIONS itself.
   */
  static String anywhere(Router router) {
    Set<String> methods = new TreeSet<>(Set.of(HttpMethod.OPTIONS.name()));
    for (Route route : router.getRoutes()) {
      Set<HttpMethod> routed = route.methods();
      if (routed != null) {
        routed.forEach(method -> methods.add(method.name()));
      }
    }
    return String.join(", ", methods);
  }

  private static boolean matches(Route route, String path) {
    return pattern(route.getPath(), route.isExactPath()).matcher(path).matches();
  }

  private static Pattern pattern(String template, boolean exact) {
    StringBuilder regex = new StringBuilder();
    Matcher param = PARAM.matcher(template);
    int literalStart = 0;
    while (param.find()) {
      regex.append(Pattern.quote(template.substring(literalStart, param.start())))
          .append("[^/]+");
      literalStart = param.end();
    }
    regex.append(Pattern.quote(template.substring(literalStart)));
    // As the router does: an exact path also matches with a trailing slash, a prefix anything.
    regex.append(exact ? "/?" : ".*");
    return Pattern.compile(regex.toString());
  }
}
