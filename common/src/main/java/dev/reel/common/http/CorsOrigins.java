package dev.reel.common.http;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which web pages may read a service's answers from a browser: {@code *} (the default), or a
 * list of origins, read from one configuration key per service. What protects an API is its key
 * or signature; an origin list only narrows which sites' scripts may read the answers.
 *
 * @param key the configuration key the list came from, to name it in errors
 * @param anyOrigin every origin may
 * @param origins the allowed origins, as browsers send them ({@code https://app.example.com}),
 *     when not {@code anyOrigin}; empty means no browser page may
 */
public record CorsOrigins(String key, boolean anyOrigin, Set<String> origins) {

  static final String ANY = "*";

  public CorsOrigins {
    origins = Set.copyOf(origins);
  }

  /** Any origin, as the default of {@code key}. */
  public static String defaultValue() {
    return ANY;
  }

  public static CorsOrigins read(ConfigReader config, String key) {
    List<String> entries = config.list(key);
    if (entries.contains(ANY)) {
      if (entries.size() > 1) {
        throw new ConfigException(key + " is either * or a list of origins, not both: "
            + String.join(",", entries));
      }
      return new CorsOrigins(key, true, Set.of());
    }
    Set<String> origins = new LinkedHashSet<>();
    for (String entry : entries) {
      origins.add(normalise(key, entry));
    }
    return new CorsOrigins(key, false, origins);
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
  static String normalise(String key, String entry) {
    String trimmed = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw notAnOrigin(key, entry);
    }
    if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
        || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw notAnOrigin(key, entry);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
        || (scheme.equals("https") && port == 443);
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  private static ConfigException notAnOrigin(String key, String entry) {
    return new ConfigException(key + " entries must be origins like https://app.example.com"
        + " or http://localhost:3000 (scheme, host, optional port; no path), was '" + entry + "'");
  }
}
