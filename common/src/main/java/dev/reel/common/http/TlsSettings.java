package dev.reel.common.http;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A certificate chain and its private key, PEM files, for a server that speaks HTTPS. With them
 * the server negotiates HTTP/2 ({@code h2}) or HTTP/1.1 by ALPN, which the JDK's own TLS engine
 * does since Java 9: no native library, no extra artifact.
 *
 * @param certFile the certificate chain, leaf first ({@code -----BEGIN CERTIFICATE-----})
 * @param keyFile the private key, PKCS#8 or PKCS#1 ({@code -----BEGIN PRIVATE KEY-----})
 */
public record TlsSettings(Path certFile, Path keyFile) {

  /** Both files, or neither (plain HTTP); one alone, or a file that cannot be read, stops. */
  public static Optional<TlsSettings> read(ConfigReader config, String certKey, String keyKey) {
    Optional<String> cert = config.optionalString(certKey);
    Optional<String> key = config.optionalString(keyKey);
    if (cert.isEmpty() && key.isEmpty()) {
      return Optional.empty();
    }
    if (cert.isEmpty() || key.isEmpty()) {
      throw new ConfigException("set both " + certKey + " and " + keyKey + " for HTTPS, or "
          + "neither for plain HTTP; only " + (cert.isPresent() ? certKey : keyKey) + " is set");
    }
    return Optional.of(new TlsSettings(readable(certKey, cert.get()),
        readable(keyKey, key.get())));
  }

  private static Path readable(String key, String value) {
    Path path = Path.of(value);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new ConfigException(key + " must name a readable PEM file, was '" + value + "'");
    }
    return path;
  }

  /** TLS on, with ALPN offering h2 first, then http/1.1. */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    return options.setSsl(true)
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(certFile.toString())
            .setKeyPath(keyFile.toString()));
  }
}
