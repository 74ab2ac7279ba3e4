package dev.reel.common.config;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, validated reads of configuration values. Every failure names the key, so a bad value
 * stops a service at start with a message the operator can act on. The reader also remembers
 * every key asked for, which lets a test compare what a service reads with what a deployment
 * file sets.
 */
public final class ConfigReader {

  private final JsonObject values;
  private final Set<String> keysRead = new TreeSet<>();

  public ConfigReader(JsonObject values) {
    this.values = values.copy();
  }

  public Optional<String> optionalString(String key) {
    keysRead.add(key);
    Object raw = values.getValue(key);
    if (raw == null) {
      return Optional.empty();
    }
    String value = String.valueOf(raw).trim();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  public String string(String key) {
    return optionalString(key)
        .orElseThrow(() -> new ConfigException(key + " is required but not set"));
  }

  public int port(String key) {
    int port = integer(key);
    if (port < 0 || port > 65535) {
      throw new ConfigException(key + " must be a port number (0-65535), was " + port);
    }
    return port;
  }

  public int integer(String key) {
    String value = string(key);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number, was '" + value + "'");
    }
  }

  public long positiveLong(String key) {
    String value = string(key);
    try {
      long parsed = Long.parseLong(value);
      if (parsed <= 0) {
        throw new ConfigException(key + " must be greater than 0, was " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number, was '" + value + "'");
    }
  }

  public boolean bool(String key) {
    String value = string(key);
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new ConfigException(key + " must be true or false, was '" + value + "'");
    };
  }

  public Optional<URI> optionalUri(String key) {
    return optionalString(key).map(value -> {
      try {
        URI uri = new URI(value);
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new ConfigException(key + " must be an absolute URL like http://host:port, was '"
              + value + "'");
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new ConfigException(key + " is not a valid URL: '" + value + "'");
      }
    });
  }

  /** A comma-separated list; blank entries are dropped. */
  public List<String> list(String key) {
    return optionalString(key)
        .map(value -> Arrays.stream(value.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList())
        .orElse(List.of());
  }

  public Set<String> nonEmptySet(String key, String hint) {
    Set<String> set = new LinkedHashSet<>(list(key));
    if (set.isEmpty()) {
      throw new ConfigException(key + " is required but not set: " + hint);
    }
    return set;
  }

  /** The keys read so far; used to document and test what a service depends on. */
  public Set<String> keysRead() {
    return Set.copyOf(keysRead);
  }
}
