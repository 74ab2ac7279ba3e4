package dev.reel.common.http;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.X509KeyManager;

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

  /**
   * Stops the start when the private key does not belong to the leaf certificate: the server
   * would take the pair, listen, and then fail every handshake ("decrypt error"), logging
   * nothing. A key signs a few bytes that the certificate's public key must verify. Files that
   * cannot be read as a certificate and a key are left to the listen, which names them.
   */
  public void checkPair(Vertx vertx) {
    X509KeyManager keys;
    try {
      keys = Arrays.stream(keyCertOptions().getKeyManagerFactory(vertx).getKeyManagers())
          .filter(X509KeyManager.class::isInstance).map(X509KeyManager.class::cast)
          .findFirst().orElse(null);
    } catch (Exception unreadable) {
      return;
    }
    if (keys == null) {
      return;
    }
    for (String type : List.of("RSA", "EC", "EdDSA", "Ed25519")) {
      String[] aliases = keys.getServerAliases(type, null);
      for (String alias : aliases == null ? new String[0] : aliases) {
        X509Certificate[] chain = keys.getCertificateChain(alias);
        PrivateKey key = keys.getPrivateKey(alias);
        if (chain != null && chain.length > 0 && key != null && !signsFor(key, chain[0])) {
          throw new ConfigException("the private key in " + keyFile + " does not belong to the "
              + "certificate in " + certFile + " (the first certificate must be the one the key "
              + "was made for)");
        }
      }
    }
  }

  private static boolean signsFor(PrivateKey key, X509Certificate certificate) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
    byte[] probe = "reel: does this key belong to this certificate?"
        .getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException cannotTell) {
      // An algorithm this check does not know, or a key and certificate of different types,
      // which the listen refuses itself, naming the files.
      return true;
    }
  }

  private PemKeyCertOptions keyCertOptions() {
    return new PemKeyCertOptions().setCertPath(certFile.toString())
        .setKeyPath(keyFile.toString());
  }

  /** TLS on, with ALPN offering h2 first, then http/1.1. */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    return options.setSsl(true)
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setKeyCertOptions(keyCertOptions());
  }
}
