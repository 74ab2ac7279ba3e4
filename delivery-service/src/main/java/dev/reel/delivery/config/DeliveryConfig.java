package dev.reel.delivery.config;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import dev.reel.common.http.ApiKeys;
import dev.reel.common.http.CorsOrigins;
import dev.reel.common.http.HttpSettings;
import dev.reel.common.http.TlsSettings;
import dev.reel.common.kafka.KafkaSettings;
import dev.reel.common.s3.S3Settings;
import dev.reel.delivery.domain.TrustedProxies;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/** Everything the delivery service reads from its configuration, validated. */
public record DeliveryConfig(HttpSettings http, Set<String> apiKeys, KafkaSettings kafka,
    S3Settings s3, PublicBaseUrl publicBaseUrl, TrustedProxies trustedProxies,
    AccessLogSettings accessLog, CorsOrigins cors, Optional<TlsSettings> tls,
    AccessSettings access, EdgeCacheSettings cache, SendSettings send,
    OriginSettings origin) {

  public static final String PORT = "REEL_DELIVERY_PORT";
  /** Comma-separated CIDR ranges of the proxies whose X-Forwarded-For is believed. */
  public static final String TRUSTED_PROXIES = "REEL_DELIVERY_TRUSTED_PROXIES";
  /** Which web pages may play media from a browser: {@code *}, or a list of origins. */
  public static final String CORS_ORIGINS = "REEL_DELIVERY_CORS_ORIGINS";
  /** With {@link #TLS_KEY_FILE}: delivery speaks HTTPS (h2 and HTTP/1.1 by ALPN) on its port. */
  public static final String TLS_CERT_FILE = "REEL_DELIVERY_TLS_CERT_FILE";
  public static final String TLS_KEY_FILE = "REEL_DELIVERY_TLS_KEY_FILE";

  public static JsonObject defaults() {
    return new JsonObject()
        .put(HttpSettings.HOST, HttpSettings.DEFAULT_HOST)
        .put(PORT, "8080")
        .put(CORS_ORIGINS, CorsOrigins.defaultValue())
        .mergeIn(KafkaSettings.defaults())
        .mergeIn(S3Settings.defaults())
        .mergeIn(AccessLogSettings.defaults())
        .mergeIn(AccessSettings.defaults())
        .mergeIn(EdgeCacheSettings.defaults())
        .mergeIn(SendSettings.defaults())
        .mergeIn(OriginSettings.defaults());
  }

  public static DeliveryConfig read(ConfigReader config) {
    return new DeliveryConfig(HttpSettings.read(config, PORT), ApiKeys.read(config),
        KafkaSettings.read(config), S3Settings.read(config), PublicBaseUrl.read(config),
        trustedProxies(config), AccessLogSettings.read(config),
        CorsOrigins.read(config, CORS_ORIGINS),
        TlsSettings.read(config, TLS_CERT_FILE, TLS_KEY_FILE), AccessSettings.read(config),
        EdgeCacheSettings.read(config), SendSettings.read(config),
        OriginSettings.read(config));
  }

  private static TrustedProxies trustedProxies(ConfigReader config) {
    try {
      return TrustedProxies.parse(config.list(TRUSTED_PROXIES));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(TRUSTED_PROXIES + ": " + e.getMessage());
    }
  }
}
