package dev.reel.ingest.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which web pages may call the ingest API from a browser (tus-js-client, Uppy, a plain form, a
 * presigned upload driven by page script). The API key is what protects the API; an origin list
 * only narrows which sites' scripts may read the answers.
 *
 * @param anyOrigin every origin may ({@code *}, the default)
 * @param origins the allowed origins, as browsers send them ({@code https://app.example.com}),
 *     when not {@code anyOrigin}; empty means no browser page may
 */
public record CorsSettings(boolean anyOrigin, Set<String> origins) {

  public static final String ORIGINS = "REEL_INGEST_CORS_ORIGINS";
  static final String ANY = "*";

  public CorsSettings {
    origins = Set.copyOf(origins);
  }

  public static JsonObject defaults() {
    return new JsonObject().put(ORIGINS, ANY);
  }

  public static CorsSettings read(ConfigReader config) {
    List<String> entries = config.list(ORIGINS);
    if (entries.contains(ANY)) {
      if (entries.size() > 1) {
        throw new ConfigException(ORIGINS + " is either * or a list of origins, not both: "
            + String.join(",", entries));
      }
      return new CorsSettings(true, Set.of());
    }
    Set<String> origins = new LinkedHashSet<>();
    for (String entry : entries) {
      origins.add(normalise(entry));
    }
    return new CorsSettings(false, origins);
  }

  /**
   * What {@code Access-Control-Allow-Origin} answers to a request from {@code origin}: {@code *},
   * the origin itself, or nothing for an origin that is not allowed.
   */
  public Optional<String> allowOriginFor(String origin) {
    if (anyOrigin) {
      return Optional.of(ANY);
    }
    return origins.contains(origin.toLowerCase(Locale.ROOT)) ? Optional.of(origin)
        : Optional.empty();
  }

  /**
   * An origin as a browser serialises it: lower-case scheme and host, no default port, no path.
   * A trailing slash, as copied from an address bar, is forgiven.
   */
  static String normalise(String entry) {
    String trimmed = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw notAnOrigin(entry);
    }
    if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
        || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw notAnOrigin(entry);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
        || (scheme.equals("https") && port == 443);
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  private static ConfigException notAnOrigin(String entry) {
    return new ConfigException(ORIGINS + " entries must be origins like https://app.example.com"
        + " or http://localhost:3000 (scheme, host, optional port; no path), was '" + entry + "'");
  }
}
