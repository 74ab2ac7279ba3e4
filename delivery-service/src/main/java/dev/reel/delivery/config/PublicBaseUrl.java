package dev.reel.delivery.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import dev.reel.common.http.HttpSettings;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.Optional;

/**
 * The address at which viewers reach delivery, for the playback URLs it hands out. Set it where
 * viewers come through a proxy, a CDN or a published container port; otherwise it is the address
 * delivery listens on ({@code http://127.0.0.1:8080} with the defaults).
 *
 * @param configured the configured base URL, without a trailing slash
 */
public record PublicBaseUrl(Optional<String> configured) {

  public static final String KEY = "REEL_DELIVERY_PUBLIC_BASE_URL";

  public static PublicBaseUrl read(ConfigReader config) {
    return new PublicBaseUrl(config.optionalUri(KEY).map(PublicBaseUrl::validated));
  }

  private static String validated(URI uri) {
    String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ConfigException(KEY + " must be an http or https URL, was '" + uri + "'");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new ConfigException(KEY + " must have no user, query or fragment, was '" + uri + "'");
    }
    String base = uri.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base;
  }

  /**
   * The base for a request to delivery: as {@link #resolve(HttpSettings, int, boolean)} for the
   * port it came in on (the one delivery listens on, even when configured 0) and the TLS of its
   * connection. Asked of the connection: vertx-web's request would work out forwarded headers and
   * an absolute URI to answer {@code isSSL}, a few hundred bytes of garbage per request.
   */
  public String resolve(HttpSettings http, HttpServerRequest request) {
    return resolve(http, request.localAddress().port(), request.connection().isSsl());
  }

  /**
   * The base to use once delivery listens on {@code port}: the configured one, or the listening
   * address itself (loopback when it listens on every interface, which names no one host), with
   * {@code https} when delivery speaks TLS ({@code secure}). The URLs delivery signs and the
   * URLs it checks must both come from here, with the same {@code secure}.
   */
  public String resolve(HttpSettings http, int port, boolean secure) {
    return configured.orElseGet(() -> {
      String host = http.host();
      if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
        host = "127.0.0.1";
      } else if (host.contains(":") && !host.startsWith("[")) {
        host = "[" + host + "]";
      }
      return (secure ? "https://" : "http://") + host + ":" + port;
    });
  }
}
