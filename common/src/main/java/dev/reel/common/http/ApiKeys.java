package dev.reel.common.http;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import java.util.Set;

/** The API keys accepted by ingest and admin; there is no built-in default key. */
public final class ApiKeys {

  public static final String API_KEY = "REEL_API_KEY";
  private static final int MIN_LENGTH = 16;

  private ApiKeys() {
  }

  /** One key, or several separated by commas so that keys can be rotated without downtime. */
  public static Set<String> read(ConfigReader config) {
    Set<String> keys = config.nonEmptySet(API_KEY,
        "set one or more API keys (comma-separated, at least " + MIN_LENGTH + " characters each)");
    for (String key : keys) {
      if (key.length() < MIN_LENGTH) {
        throw new ConfigException(API_KEY + " holds a key shorter than " + MIN_LENGTH
            + " characters; use a long random key");
      }
    }
    return keys;
  }
}
