package dev.reel.common.http;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;

/**
 * Where a service listens, and how long a connection may sit idle. The host and the idle timeout
 * are shared by all services; each has its own port key.
 *
 * @param idleTimeoutSeconds a connection on which no byte is read or written for this long is
 *     closed, so that a client that opens sockets and goes quiet cannot hold them (and the
 *     service's file descriptors) forever
 */
public record HttpSettings(String host, int port, int idleTimeoutSeconds) {

  public static final String HOST = "REEL_HTTP_HOST";
  /** Bind to loopback unless told otherwise: nothing is exposed by accident. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final String IDLE_TIMEOUT = "REEL_HTTP_IDLE_TIMEOUT_SECONDS";
  /**
   * About what nginx allows a client to send its headers in, or to keep an idle keep-alive
   * connection (60 s and 75 s): long enough for any client that is still there.
   */
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;

  /** Settings with the default idle timeout. */
  public HttpSettings(String host, int port) {
    this(host, port, DEFAULT_IDLE_TIMEOUT_SECONDS);
  }

  public static HttpSettings read(ConfigReader config, String portKey) {
    return new HttpSettings(config.string(HOST), config.port(portKey), idleTimeout(config));
  }

  private static int idleTimeout(ConfigReader config) {
    if (config.optionalString(IDLE_TIMEOUT).isEmpty()) {
      return DEFAULT_IDLE_TIMEOUT_SECONDS;
    }
    int seconds = config.integer(IDLE_TIMEOUT);
    if (seconds < 1) {
      throw new ConfigException(IDLE_TIMEOUT + " must be at least 1 (seconds), was " + seconds);
    }
    return seconds;
  }
}
