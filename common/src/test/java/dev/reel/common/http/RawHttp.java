package dev.reel.common.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A client that writes bytes no HTTP library would, and reads whatever comes back until the
 * server closes the connection.
 */
final class RawHttp implements AutoCloseable {

  private final Socket socket;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
  }

  /** Sends {@code request} on a new connection and returns all the server sent before closing. */
  static String exchange(int port, String request) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.send(request);
      return http.readUntilClosed();
    }
  }

  void send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Everything read until the server closed; fails if it is still open after ten seconds. */
  String readUntilClosed() throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        read.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open; read so far: "
          + read.toString(StandardCharsets.ISO_8859_1), e);
    }
    return read.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
