package dev.reel.bench.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Time to first byte of one GET over a fresh connection, measured from the request's last byte
 * written to the answer's first byte read (the connection is opened before the clock starts, so
 * both sides of a comparison are timed on the same thing). The rest of the answer is read to the
 * end, so that neither server sees a viewer give up.
 */
final class FirstByte {

  private FirstByte() {
  }

  /** Milliseconds to the first byte of {@code GET url}; throws unless it is a 200. */
  static double millis(URI url) throws IOException {
    return millis(url, Map.of());
  }

  /** The same, sending {@code headers} too. */
  static double millis(URI url, Map<String, String> headers) throws IOException {
    String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    StringBuilder lines = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: ")
        .append(url.getHost()).append(':').append(url.getPort()).append("\r\n");
    headers.forEach((name, value) -> lines.append(name).append(": ").append(value).append("\r\n"));
    byte[] request = lines.append("Connection: close\r\n\r\n").toString()
        .getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      long start = System.nanoTime();
      out.write(request);
      out.flush();
      byte[] head = new byte[12];
      int first = in.read(head, 0, 1);
      long firstByte = System.nanoTime();
      if (first < 1) {
        throw new IOException(url.getPath() + ": connection closed without an answer");
      }
      int read = 1 + in.readNBytes(head, 1, head.length - 1);
      String status = new String(head, 0, read, StandardCharsets.US_ASCII);
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IOException(url.getPath() + " answered '" + status.trim() + "'");
      }
      in.transferTo(OutputStream.nullOutputStream());
      return (firstByte - start) / 1e6;
    }
  }
}
