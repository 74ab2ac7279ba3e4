package dev.reel.platform.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made by the JDK's own keytool, written
 * as the PEM files a Reel service reads, with an SSL context that trusts it for the clients.
 */
public record TestCertificate(Path certFile, Path keyFile, SSLContext trusting) {

  private static final char[] PASSWORD = "test-only".toCharArray();

  public static TestCertificate create(Path dir) {
    try {
      Path store = dir.resolve("server.p12");
      Files.deleteIfExists(store);
      Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
          "keytool").toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA",
          "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
          "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
          "-keystore", store.toString(), "-storepass", new String(PASSWORD))
          .redirectErrorStream(true).start();
      String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, PASSWORD);
      }
      Certificate cert = keys.getCertificate("server");
      PrivateKey key = (PrivateKey) keys.getKey("server", PASSWORD);
      Path certFile = Files.writeString(dir.resolve("server.crt"),
          pem("CERTIFICATE", cert.getEncoded()));
      Path keyFile = Files.writeString(dir.resolve("server.key"),
          pem("PRIVATE KEY", key.getEncoded()));
      return new TestCertificate(certFile, keyFile, trusting(cert));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not make a test certificate", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static SSLContext trusting(Certificate cert) throws GeneralSecurityException,
      IOException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("server", cert);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
