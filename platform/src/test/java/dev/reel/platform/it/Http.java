package dev.reel.platform.it;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** A plain JDK HTTP client for tests: a real client that knows nothing of Reel. */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {
  }

  public static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
  }

  public static HttpRequest.Builder authorized(URI uri) {
    return request(uri).header("Authorization", "Bearer " + TestPlatform.API_KEY);
  }

  public static HttpResponse<byte[]> send(HttpRequest request) {
    return send(CLIENT, request);
  }

  /** Sends with a client of the test's own, such as one that insists on a protocol version. */
  public static HttpResponse<byte[]> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonObject json(HttpResponse<byte[]> response) {
    return new JsonObject(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Polls until the condition holds, failing with {@code what} after {@code timeout}. */
  public static void eventually(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Runs {@code assertion} every 100 ms for {@code period}, failing the first time it fails: for
   * things that must not happen late either, like a write after an abort.
   */
  public static void holdsFor(Duration period, Runnable assertion) {
    long deadline = System.nanoTime() + period.toNanos();
    do {
      assertion.run();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    } while (System.nanoTime() < deadline);
  }

  /**
   * An HTTP/1.1 response read off a plain socket by {@link #raw}: its status, its header lines,
   * its body as text, and whether the server closed the connection after it.
   */
  public record RawResponse(int status, String headers, String body, boolean closedByServer) {

    /** The first value of header {@code name}, matched case-insensitively. */
    public Optional<String> header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headers.lines()
          .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(line -> line.substring(prefix.length()).trim())
          .findFirst();
    }
  }

  /**
   * Writes {@code head} (request line and header lines, no final empty line) and {@code body} on
   * a new connection, byte for byte, then reads until the server closes the connection or
   * nothing arrived for {@code wait}. For requests the JDK client refuses to send: control
   * characters in header values, a Content-Length whose body never comes.
   */
  public static RawResponse raw(URI uri, String head, byte[] body, Duration wait) {
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout((int) wait.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      boolean closed = false;
      byte[] chunk = new byte[8192];
      try {
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
          received.write(chunk, 0, n);
        }
        closed = true;
      } catch (SocketTimeoutException e) {
        // The server kept the connection open.
      } catch (SocketException e) {
        closed = true; // reset by the server: closed too, if less politely
      }
      String text = received.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.1 ") || end < 0) {
        throw new IllegalStateException("not an HTTP/1.1 response: '" + text + "'");
      }
      int lineEnd = text.indexOf("\r\n");
      return new RawResponse(Integer.parseInt(text.substring(9, 12)),
          text.substring(lineEnd + 2, end), text.substring(end + 4), closed);
    } catch (IOException e) {
      throw new IllegalStateException("raw request to " + uri + " failed", e);
    }
  }
}
