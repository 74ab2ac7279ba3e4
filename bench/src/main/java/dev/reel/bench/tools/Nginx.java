package dev.reel.bench.tools;

import dev.reel.bench.platform.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nginx as an anchor: the Debian package with a config of the harness's own (one worker, its
 * default access log, loopback only), either serving one directory with sendfile ({@link
 * #start}) or as a reverse proxy in front of S3 ({@link #proxy}). Started as a child in the
 * foreground so that it ends with the scenario.
 */
public final class Nginx implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Nginx.class);

  private final Process process;
  private final int port;

  private Nginx(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Serves the files under {@code root} at {@code http://127.0.0.1:port/<name>}. */
  public static Nginx start(Path workDir, Path root, int port) {
    Path prefix = workDir.resolve("nginx").toAbsolutePath();
    Nginx nginx = launch(prefix, config(prefix, root.toAbsolutePath(), port), port);
    LOG.info("nginx (pid {}) serving {} on port {}", nginx.process.pid(), root, port);
    return nginx;
  }

  /**
   * nginx as a reverse proxy in front of {@code upstream} (an S3 server's {@code host:port}),
   * the way a CDN's origin shield or a self-hosted cache sits in front of a bucket: kept-alive
   * connections to the upstream, the upstream's Host sent on, so that a request signed for S3
   * passes through unchanged; caching off, so that every request is a trip to S3.
   */
  public static Nginx proxy(Path workDir, String upstream, int port) {
    Path prefix = workDir.resolve("nginx-proxy").toAbsolutePath();
    Nginx nginx = launch(prefix, proxyConfig(prefix, upstream, port), port);
    LOG.info("nginx (pid {}) proxying to {} on port {}", nginx.process.pid(), upstream, port);
    return nginx;
  }

  private static Nginx launch(Path prefix, String config, int port) {
    Path binary = Apt.require(Tool.NGINX);
    Path conf = prefix.resolve("nginx.conf");
    try {
      Files.createDirectories(prefix.resolve("tmp"));
      Files.writeString(conf, config);
      // -e: the error log goes to the work dir from the start, not to /var/log/nginx.
      Process process = new ProcessBuilder(binary.toString(), "-p", prefix.toString(),
          "-e", prefix.resolve("error.log").toString(), "-c", conf.toString())
          .redirectErrorStream(true)
          .redirectOutput(prefix.resolve("stdout.log").toFile())
          .start();
      Nginx nginx = new Nginx(process, port);
      nginx.awaitListening(prefix);
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start nginx", e);
    }
  }

  static String config(Path prefix, Path root, int port) {
    return head(prefix) + """
          sendfile on;
          tcp_nopush on;
          server {
            listen 127.0.0.1:%2$d;
            root %1$s;
            location / {
            }
          }
        }
        """.formatted(root, port);
  }

  static String proxyConfig(Path prefix, String upstream, int port) {
    return head(prefix) + """
          upstream origin {
            server %1$s;
            keepalive 16;
          }
          server {
            listen 127.0.0.1:%2$d;
            location / {
              proxy_pass http://origin;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_set_header Host %1$s;
            }
          }
        }
        """.formatted(upstream, port);
  }

  /** Everything up to the server blocks: one worker, the default access log, no limits. */
  private static String head(Path prefix) {
    // Workers run as the invoking user when that is root, so they can read files under the
    // work directory whatever its permissions; as another user nginx ignores the directive.
    boolean asRoot = "root".equals(System.getProperty("user.name"));
    return (asRoot ? "user root;\n" : "") + """
        daemon off;
        master_process on;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events {
          worker_connections 1024;
        }
        http {
          # nginx's default: every request logged, as delivery logs every request too.
          access_log %1$s/access.log combined;
          # Reel keeps connections open indefinitely; nginx's default closes one every 1000
          # requests, which would handicap the anchor for a setting nobody tunes it with.
          keepalive_requests 1000000;
          keepalive_timeout 75s;
          client_body_temp_path %1$s/tmp/body;
          proxy_temp_path %1$s/tmp/proxy;
          default_type application/octet-stream;
        """.formatted(prefix);
  }

  public String url(String name) {
    return "http://127.0.0.1:" + port + "/" + name;
  }

  /** The master and its worker, for the memory table. */
  public List<ServiceProcess> processes() {
    List<ServiceProcess> list = new ArrayList<>();
    list.add(new ServiceProcess("nginx master", process.pid(), null, false));
    process.toHandle().children().forEach(worker ->
        list.add(new ServiceProcess("nginx worker", worker.pid(), null, false)));
    return list;
  }

  private void awaitListening(Path prefix) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        Path errors = prefix.resolve("error.log");
        throw new IllegalStateException("nginx exited with " + process.exitValue() + ": "
            + (Files.exists(errors) ? Files.readString(errors) : "")
            + Files.readString(prefix.resolve("stdout.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    close();
    throw new IllegalStateException("nginx did not listen on port " + port + " within 15 s");
  }

  /** SIGTERM is nginx's fast shutdown: the master stops its worker and exits. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
