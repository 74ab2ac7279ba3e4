package dev.reel.delivery.http;

import dev.reel.delivery.storage.OriginBody;
import io.vertx.ext.web.RoutingContext;

/**
 * Names of the {@link io.vertx.ext.web.RoutingContext} data entries through which the handlers
 * of a media request tell the access log what only they know. Each is optional: the access log
 * reads what is there when the response ends, and its default otherwise.
 */
public final class AccessFacts {

  /**
   * The key pair id ({@code String}, CloudFront's {@code Key-Pair-Id}) of the signature that
   * let the request through; set by {@link PlaybackAccess} once it has checked a signed URL or
   * cookie. Absent for open playback: the access log says null.
   */
  public static final String KEY_ID = "reel.keyId";

  /**
   * Whether the body came from delivery's edge cache ({@code Boolean.TRUE}) rather than from
   * storage; set through {@link #bodyOpened} by whatever opens a body. Absent: the access log
   * says false.
   */
  public static final String CACHE_HIT = "reel.cacheHit";

  /**
   * The client's address ({@code String}), as the access log resolved it from the connection
   * and the trusted proxies' {@code X-Forwarded-For}; set before any other media handler runs,
   * for those that need it (such as an IP condition of a signed policy).
   */
  public static final String CLIENT_IP = "reel.clientIp";

  private AccessFacts() {
  }

  /**
   * Notes where a body of the response comes from. A response of several bodies (the parts of
   * a multipart answer) is a hit only if every one of them is.
   */
  static void bodyOpened(RoutingContext ctx, OriginBody body) {
    Boolean before = ctx.get(CACHE_HIT);
    ctx.put(CACHE_HIT, (before == null || before) && body.cacheHit());
  }
}
