package dev.reel.ingest.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The form reader against bodies as browsers and curl send them, cut into chunks at every place
 * (a delimiter split across two chunks included), and against broken ones: each refusal is a 400
 * (or EMPTY_BODY) and a file part is never ended unless the form closed right after it.
 */
class FormReaderTest {

  private static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

  @Test
  @DisplayName("fields, then the file: the fields are all there when the file starts, the file's "
      + "bytes come out exactly, whatever the chunk size")
  void fieldsThenFileAtEveryChunkSize() {
    byte[] media = new byte[3000];
    new Random(1).nextBytes(media);
    // Bytes that look like the start of a delimiter inside the file must pass through.
    byte[] tricky = ("\r\n--" + BOUNDARY.substring(0, 10)).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(tricky, 0, media, 1000, tricky.length);
    byte[] body = form(List.of(Map.entry("filename", "named.mp4"),
        Map.entry("storageClass", "STANDARD_IA"), Map.entry("tags", "show=demo&season=1")),
        "clip.mp4", "video/mp4", media);
    for (int chunk : new int[] {1, 2, 3, 7, 41, 42, 43, 100, 1000, body.length}) {
      Read read = read(TYPE, body, chunk);
      FormReader.FilePart part = read.part();
      assertEquals(Map.of("filename", "named.mp4", "storageClass", "STANDARD_IA",
          "tags", "show=demo&season=1"), part.fields(), "chunk " + chunk);
      assertEquals(Optional.of("clip.mp4"), part.filename());
      assertEquals(Optional.of("video/mp4"), part.contentType());
      assertArrayEquals(media, read.bytes(), "chunk " + chunk);
      assertTrue(read.ended, "chunk " + chunk);
      assertNull(read.failure, "chunk " + chunk);
    }
  }

  @Test
  @DisplayName("a file alone, with a preamble, transport padding, an epilogue and a quoted "
      + "boundary; an escaped quote in the file name")
  void fileAloneWithTheRarerParts() {
    byte[] media = "not really a video".getBytes(StandardCharsets.UTF_8);
    byte[] body = concat(("This is a preamble.\r\n--" + BOUNDARY + "  \r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".mp4\"\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8), media,
        ("\r\n--" + BOUNDARY + "--\r\nand an epilogue").getBytes(StandardCharsets.UTF_8));

    Read read = read("multipart/form-data; charset=utf-8; boundary=\"" + BOUNDARY + "\"", body,
        5);

    assertEquals(Map.of(), read.part().fields());
    assertEquals(Optional.of("a \"b\".mp4"), read.part().filename());
    assertEquals(Optional.empty(), read.part().contentType());
    assertArrayEquals(media, read.bytes());
    assertTrue(read.ended);
  }

  @Test
  @DisplayName("an empty file input (filename=\"\") is a file part with no name and no bytes")
  void emptyFileInput() {
    Read read = read(TYPE, form(List.of(), "", "application/octet-stream", new byte[0]), 16);

    assertEquals(Optional.empty(), read.part().filename());
    assertEquals(0, read.bytes().length);
    assertTrue(read.ended);
  }

  @Test
  @DisplayName("while the file's reader is paused the request is paused, and nothing is lost")
  void backPressure() {
    byte[] media = new byte[10_000];
    new Random(2).nextBytes(media);
    FakeRequest request = new FakeRequest();
    Future<FormReader.FilePart> started = FormReader.read(TYPE, request);
    byte[] body = form(List.of(), "big.bin", "video/mp4", media);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    boolean[] ended = {false};
    int[] delivered = {0};

    request.push(body, 0, 500);
    FormReader.FilePart part = started.result();
    part.body().handler(bytes -> {
      got.writeBytes(bytes.getBytes());
      delivered[0]++;
      part.body().pause();
    });
    part.body().endHandler(v -> ended[0] = true);
    request.push(body, 500, body.length);
    request.end();
    assertTrue(request.paused, "the request waits for the reader");
    while (!ended[0]) {
      int before = delivered[0];
      part.body().fetch(1);
      assertTrue(delivered[0] > before || ended[0], "a fetch always moves on");
    }
    assertArrayEquals(media, got.toByteArray());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"multipart/form-data", "multipart/form-data; boundary=",
      "multipart/form-data; charset=utf-8"})
  @DisplayName("a Content-Type without a boundary is a 400")
  void noBoundary(String contentType) {
    assertRefused(read(contentType, "--x\r\n".getBytes(StandardCharsets.UTF_8), 10),
        ErrorCode.BAD_REQUEST, "boundary");
  }

  @Test
  @DisplayName("an empty body and a form with fields but no file are EMPTY_BODY")
  void noFile() {
    assertRefused(read(TYPE, new byte[0], 10), ErrorCode.EMPTY_BODY, "empty");
    byte[] fieldsOnly = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"tags\""
        + "\r\n\r\na=b\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
    assertRefused(read(TYPE, fieldsOnly, 10), ErrorCode.EMPTY_BODY, "no file");
  }

  @Test
  @DisplayName("a part after the file (a second file or a late field) fails the file's stream, "
      + "which never ends")
  void partAfterTheFile() {
    byte[] one = form(List.of(), "a.mp4", "video/mp4", new byte[100]);
    // Swap the closing "--" for another part.
    String open = new String(one, 0, one.length - 4, StandardCharsets.ISO_8859_1);
    byte[] body = (open + "\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx=y\r\n--"
        + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);

    Read read = read(TYPE, body, 13);

    assertFalse(read.ended);
    assertInstanceOf(ApiException.class, read.failure);
    assertEquals(ErrorCode.BAD_REQUEST, ((ApiException) read.failure).code());
    assertTrue(read.failure.getMessage().contains("before it"), read.failure.getMessage());
  }

  @Test
  @DisplayName("a body cut inside the file fails the file's stream; cut before it fails the "
      + "start")
  void truncated() {
    byte[] body = form(List.of(Map.entry("tags", "a=b")), "a.mp4", "video/mp4", new byte[500]);
    Read insideFile = read(TYPE, java.util.Arrays.copyOf(body, body.length - 10), 64);
    assertFalse(insideFile.ended);
    assertTrue(insideFile.failure.getMessage().contains("inside its file"));

    Read beforeFile = read(TYPE, java.util.Arrays.copyOf(body, 60), 64);
    assertRefused(beforeFile, ErrorCode.BAD_REQUEST, "before its file");
  }

  @Test
  @DisplayName("overlong fields and headers, and parts that are not form-data, are 400s")
  void bounds() {
    String bigValue = "x".repeat(FormReader.MAX_FIELD_BYTES + 1);
    assertRefused(read(TYPE, form(List.of(Map.entry("tags", bigValue)), "a.mp4", "video/mp4",
        new byte[1]), 1000), ErrorCode.BAD_REQUEST, "over");
    String bigHeader = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f\"\r\nX: "
        + "y".repeat(FormReader.MAX_HEADER_BYTES) + "\r\n\r\n";
    assertRefused(read(TYPE, bigHeader.getBytes(StandardCharsets.UTF_8), 1000),
        ErrorCode.BAD_REQUEST, "too long");
    String notFormData = "--" + BOUNDARY + "\r\nContent-Disposition: attachment; name=\"f\""
        + "\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n";
    assertRefused(read(TYPE, notFormData.getBytes(StandardCharsets.UTF_8), 1000),
        ErrorCode.BAD_REQUEST, "form-data");
    assertRefused(read(TYPE, "garbage with no boundary at all".repeat(400)
        .getBytes(StandardCharsets.UTF_8), 1000), ErrorCode.BAD_REQUEST, "no multipart");
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertRefused(Read read, ErrorCode code, String words) {
    assertInstanceOf(ApiException.class, read.startFailure, "expected a refusal");
    ApiException refused = (ApiException) read.startFailure;
    assertEquals(code, refused.code());
    assertTrue(refused.getMessage().contains(words), refused.getMessage());
  }

  private static byte[] form(List<Map.Entry<String, String>> fields, String filename,
      String contentType, byte[] media) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> field : fields) {
      out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
          + field.getKey() + "\"\r\n\r\n" + field.getValue() + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
        + "filename=\"" + filename + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(media);
    out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Feeds {@code body} in chunks of {@code chunk} bytes and collects what comes out. */
  private static Read read(String contentType, byte[] body, int chunk) {
    FakeRequest request = new FakeRequest();
    Read read = new Read();
    FormReader.read(contentType, request).onComplete(started -> {
      if (started.failed()) {
        read.startFailure = started.cause();
        return;
      }
      read.part = started.result();
      read.part.body().handler(bytes -> read.out.writeBytes(bytes.getBytes()));
      read.part.body().endHandler(v -> read.ended = true);
      read.part.body().exceptionHandler(e -> read.failure = e);
    });
    for (int at = 0; at < body.length; at += chunk) {
      request.push(body, at, Math.min(body.length, at + chunk));
    }
    request.end();
    return read;
  }

  private static final class Read {
    FormReader.FilePart part;
    Throwable startFailure;
    Throwable failure;
    boolean ended;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    FormReader.FilePart part() {
      assertNull(startFailure, () -> "refused: " + startFailure);
      return part;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  /** A request body: chunks pushed while paused wait, in order, with the end, as Vert.x's do. */
  private static final class FakeRequest implements ReadStream<Buffer> {
    private final List<Object> queued = new ArrayList<>();
    private static final Object END = new Object();
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    boolean paused = true;

    void push(byte[] bytes, int from, int to) {
      queued.add(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, from, to)));
      drain();
    }

    void end() {
      queued.add(END);
      drain();
    }

    private void drain() {
      while (!paused && !queued.isEmpty()) {
        Object next = queued.remove(0);
        if (next == END) {
          endHandler.handle(null);
        } else {
          handler.handle((Buffer) next);
        }
      }
    }

    @Override
    public FakeRequest exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public FakeRequest handler(Handler<Buffer> handler) {
      this.handler = handler;
      return this;
    }

    @Override
    public FakeRequest pause() {
      paused = true;
      return this;
    }

    @Override
    public FakeRequest resume() {
      paused = false;
      drain();
      return this;
    }

    @Override
    public FakeRequest fetch(long amount) {
      return resume();
    }

    @Override
    public FakeRequest endHandler(Handler<Void> handler) {
      this.endHandler = handler;
      return this;
    }
  }
}
