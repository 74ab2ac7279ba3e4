package dev.reel.common.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a service's configuration in three layers, later ones winning: the service's defaults,
 * then the JSON file named by {@code REEL_CONFIG_FILE} (if set), then environment variables.
 * Keys are the environment variable names themselves ({@code REEL_INGEST_PORT}), so the same key
 * is written the same way in a file, in the environment and in docker-compose.
 */
public final class ConfigLoader {

  public static final String CONFIG_FILE_KEY = "REEL_CONFIG_FILE";

  private ConfigLoader() {
  }

  public static Future<ConfigReader> load(Vertx vertx, JsonObject defaults) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setScanPeriod(0)
        .setIncludeDefaultStores(false)
        .addStore(new ConfigStoreOptions().setType("json").setConfig(defaults));
    String file = System.getenv(CONFIG_FILE_KEY);
    if (file != null && !file.isBlank()) {
      if (!Files.isReadable(Path.of(file))) {
        return Future.failedFuture(
            new ConfigException(CONFIG_FILE_KEY + ": cannot read config file '" + file + "'"));
      }
      options.addStore(new ConfigStoreOptions().setType("file").setFormat("json")
          .setConfig(new JsonObject().put("path", file)));
    }
    options.addStore(new ConfigStoreOptions().setType("env")
        .setConfig(new JsonObject().put("raw-data", true)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .map(ConfigReader::new)
        .eventually(retriever::close);
  }
}
