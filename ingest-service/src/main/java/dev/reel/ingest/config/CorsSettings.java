package dev.reel.ingest.config;

import dev.reel.common.config.ConfigReader;
import dev.reel.common.http.CorsOrigins;
import io.vertx.core.json.JsonObject;

/**
 * Which web pages may call the ingest API from a browser (tus-js-client, Uppy, a plain form, a
 * presigned upload driven by page script): {@code *} by default, or a list of origins. The API
 * key is what protects the API; an origin list only narrows which sites' scripts may read the
 * answers.
 */
public final class CorsSettings {

  public static final String ORIGINS = "REEL_INGEST_CORS_ORIGINS";

  private CorsSettings() {
  }

  public static JsonObject defaults() {
    return new JsonObject().put(ORIGINS, CorsOrigins.defaultValue());
  }

  public static CorsOrigins read(ConfigReader config) {
    return CorsOrigins.read(config, ORIGINS);
  }
}
