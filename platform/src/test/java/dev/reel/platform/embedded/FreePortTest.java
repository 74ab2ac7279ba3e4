package dev.reel.platform.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortTest {

  /**
   * A port picked from the ephemeral range could meanwhile become the local port of some outgoing
   * connection; PlatformUpTest's delivery once failed to bind that way, twelve seconds after its
   * port was picked.
   */
  @Test
  void picksAFreePortBelowTheEphemeralRange() throws Exception {
    int low = FreePort.ephemeralLow();
    for (int i = 0; i < 20; i++) {
      int port = FreePort.find();
      if (low >= 11_000) {
        assertTrue(port >= 10_000 && port < low, port + " is not below the ephemeral range " + low);
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      }
    }
  }
}
