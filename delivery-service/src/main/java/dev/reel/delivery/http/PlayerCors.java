package dev.reel.delivery.http;

import dev.reel.common.http.CorsHandler;
import dev.reel.common.http.CorsOrigins;
import dev.reel.delivery.domain.Cmcd;
import java.util.List;
import java.util.stream.Stream;

/**
 * CORS for players on other origins (hls.js, dash.js, Shaka, a page's own fetches), in front of
 * every {@code /v1/media/} route and before playback access is checked: a preflight carries no
 * credentials. With a list of origins, a listed player may send its signed cookies
 * ({@code withCredentials}); with {@code *} no credentials are allowed, as browsers require.
 */
final class PlayerCors {

  /**
   * What players send: ranges, revalidation, a bearer token where one is used, and CTA-5004
   * (CMCD) data, which dash.js and hls.js send as headers in CMCD header mode and delivery logs.
   */
  static final List<String> ALLOWED_HEADERS = Stream.concat(Stream.of("Range", "If-Range",
      "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "Authorization"),
      Cmcd.HEADERS.stream()).toList();
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
        EXPOSED_HEADERS, name -> false, true));
  }
}
