package dev.reel.platform.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses every connection for as long as this is open: a socket holds it
 * bound without listening. A port that was merely free when a test looked can be bound by
 * something else before the test connects, or picked as the local port of the connection
 * itself, and then a "dead" S3 or Kafka answers slowly or not at all where the test expected a
 * refusal.
 */
final class RefusedPort implements AutoCloseable {

  private final Socket held;

  private RefusedPort(Socket held) {
    this.held = held;
  }

  static RefusedPort open() {
    Socket socket = new Socket();
    try {
      // Without SO_REUSEADDR no other socket can bind the port while this holds it.
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return new RefusedPort(socket);
    } catch (IOException e) {
      throw new UncheckedIOException("no loopback port to hold", e);
    }
  }

  int port() {
    return held.getLocalPort();
  }

  /** {@code 127.0.0.1:port}. */
  String address() {
    return "127.0.0.1:" + port();
  }

  @Override
  public void close() {
    try {
      held.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
