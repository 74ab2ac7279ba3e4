package dev.reel.common.http;

import dev.reel.common.config.ConfigReader;

/** Where a service listens. The host is shared by all services; each has its own port key. */
public record HttpSettings(String host, int port) {

  public static final String HOST = "REEL_HTTP_HOST";
  /** Bind to loopback unless told otherwise: nothing is exposed by accident. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public static HttpSettings read(ConfigReader config, String portKey) {
    return new HttpSettings(config.string(HOST), config.port(portKey));
  }
}
