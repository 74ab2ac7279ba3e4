package dev.reel.delivery.http;

import dev.reel.common.http.CorsHandler;
import dev.reel.common.http.CorsOrigins;
import java.util.List;

/**
 * CORS for players on other origins (hls.js, dash.js, Shaka, a page's own fetches), in front of
 * every {@code /v1/media/} route and before playback access is checked: a preflight carries no
 * credentials.
 */
final class PlayerCors {

  /** What players send: ranges, revalidation, and a bearer token where one is used. */
  static final List<String> ALLOWED_HEADERS = List.of("Range", "If-Range", "If-None-Match",
      "If-Modified-Since", "If-Match", "If-Unmodified-Since", "Authorization");
  static final List<String> ALLOWED_METHODS = List.of("GET", "HEAD", "OPTIONS");
  /**
   * What players read beyond the safelisted headers: how much of the body came, and whether the
   * server does ranges. (Content-Length is safelisted already; listing it costs nothing.)
   */
  static final List<String> EXPOSED_HEADERS = List.of("Content-Range", "Content-Length",
      "Accept-Ranges", "ETag");

  private PlayerCors() {
  }

  static CorsHandler handler(CorsOrigins origins) {
    return new CorsHandler(origins, new CorsHandler.Policy(ALLOWED_METHODS, ALLOWED_HEADERS,
        EXPOSED_HEADERS, name -> false));
  }
}
