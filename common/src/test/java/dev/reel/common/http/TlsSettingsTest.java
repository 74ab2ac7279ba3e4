package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {

  private static final String CERT = "REEL_X_TLS_CERT_FILE";
  private static final String KEY = "REEL_X_TLS_KEY_FILE";

  @TempDir
  Path dir;

  private static Optional<TlsSettings> read(JsonObject values) {
    return TlsSettings.read(new ConfigReader(values), CERT, KEY);
  }

  @Test
  @DisplayName("neither file set means plain HTTP")
  void neither() {
    assertEquals(Optional.empty(), read(new JsonObject()));
  }

  @Test
  @DisplayName("both readable files turn on TLS with ALPN offering h2, then HTTP/1.1")
  void both() throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    Path key = Files.writeString(dir.resolve("k.pem"), "x");
    TlsSettings tls = read(new JsonObject().put(CERT, cert.toString()).put(KEY, key.toString()))
        .orElseThrow();

    HttpServerOptions options = tls.applyTo(new HttpServerOptions());
    assertTrue(options.isSsl());
    assertTrue(options.isUseAlpn());
    assertEquals(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1), options.getAlpnVersions());
  }

  @Test
  @DisplayName("one file without the other, or a file that is not there, stops with the key")
  void incomplete() throws Exception {
    Path key = Files.writeString(dir.resolve("k.pem"), "x");

    ConfigException onlyKey = assertThrows(ConfigException.class,
        () -> read(new JsonObject().put(KEY, key.toString())));
    assertTrue(onlyKey.getMessage().contains(CERT), onlyKey.getMessage());
    ConfigException missing = assertThrows(ConfigException.class,
        () -> read(new JsonObject().put(CERT, dir.resolve("none.pem").toString())
            .put(KEY, key.toString())));
    assertTrue(missing.getMessage().startsWith(CERT), missing.getMessage());
  }
}
