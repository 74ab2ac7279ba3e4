package dev.reel.ingest.http;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) as it arrives: the text fields, held in
 * memory within bounds, then the one file part, handed on as a stream with back-pressure (the
 * request is paused while the file's reader is). Vert.x's own decoder gives the text fields only
 * once the whole body is in, which is too late for an upload that streams the file to storage and
 * needs the fields (storage class, file name, tags) before its first byte goes out.
 *
 * <p>The file part ends only when what follows it is known to be the closing delimiter: a part
 * after the file (a second file, or a field the form put last) fails the file's stream instead,
 * so that nothing half-described is ever stored.
 */
final class FormReader {

  /** The boundary parameter of the Content-Type (RFC 2046: 1 to 70 characters). */
  private static final Pattern BOUNDARY = Pattern.compile(
      "(?i)(?:^|;)\\s*boundary\\s*=\\s*(?:\"([^\"]{1,70})\"|([^\\s;\"]{1,70}))");
  private static final Pattern PARAMETER = Pattern.compile(
      "(?i);\\s*([a-z*]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s;]+))");
  static final int MAX_FIELDS = 32;
  static final int MAX_FIELD_BYTES = 8 * 1024;
  static final int MAX_HEADER_BYTES = 8 * 1024;
  /** What may come before the first delimiter (a preamble) or between parts. */
  private static final int MAX_PREAMBLE_BYTES = 8 * 1024;

  /** The file part as it starts: the fields sent before it, its own name and type, its bytes. */
  record FilePart(Map<String, String> fields, Optional<String> filename,
      Optional<String> contentType, ReadStream<Buffer> body) {
  }

  private enum State { PREAMBLE, AFTER_DELIMITER, HEADERS, FIELD, FILE, AFTER_FILE, DONE, FAILED }

  private final ReadStream<Buffer> request;
  private final byte[] delimiter;
  private final Promise<FilePart> fileStarts = Promise.promise();
  private final Map<String, String> fields = new LinkedHashMap<>();
  private Buffer pending;
  private State state = State.PREAMBLE;
  private String fieldName;
  private FileStream file;
  private boolean processing;
  private boolean requestEnded;

  private FormReader(ReadStream<Buffer> request, String boundary) {
    this.request = request;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    // The first delimiter may open the body, with no line break before it.
    this.pending = Buffer.buffer("\r\n");
  }

  /**
   * Starts reading {@code request}. The future completes once the file part's headers are in,
   * and fails with a 400 for a body that is not a well-formed form with one file.
   */
  static Future<FilePart> read(String contentType, ReadStream<Buffer> request) {
    Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (!boundary.find()) {
      return Future.failedFuture(malformed("the multipart/form-data Content-Type has no "
          + "boundary"));
    }
    String value = boundary.group(1) != null ? boundary.group(1) : boundary.group(2);
    FormReader reader = new FormReader(request, value);
    request.handler(reader::arrived);
    request.endHandler(v -> reader.ended());
    request.exceptionHandler(reader::failed);
    request.resume();
    return reader.fileStarts.future();
  }

  private void arrived(Buffer chunk) {
    pending = pending.length() == 0 ? chunk : pending.appendBuffer(chunk);
    process();
  }

  private void process() {
    if (processing) {
      // A reader that resumes from inside its handler: the loop below goes on by itself.
      return;
    }
    processing = true;
    try {
      while (state != State.DONE && state != State.FAILED) {
        if (state == State.FILE && file.paused()) {
          if (!requestEnded) {
            request.pause();
          }
          return;
        }
        if (!step()) {
          break;
        }
      }
      if (requestEnded && state != State.DONE && state != State.FAILED) {
        endedEarly();
      }
    } finally {
      processing = false;
    }
  }

  /** One move of the state machine; false when it needs more bytes. */
  private boolean step() {
    switch (state) {
      case PREAMBLE -> {
        int at = indexOf(pending, delimiter, 0);
        if (at < 0) {
          return within(pending.length(), MAX_PREAMBLE_BYTES + delimiter.length,
              "no multipart boundary at the start of the body");
        }
        consume(at + delimiter.length);
        state = State.AFTER_DELIMITER;
        return true;
      }
      case AFTER_DELIMITER, AFTER_FILE -> {
        return afterDelimiter();
      }
      case HEADERS -> {
        int end = indexOf(pending, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        String tooLong = "a form part's headers are too long";
        if (end < 0) {
          return within(pending.length(), MAX_HEADER_BYTES, tooLong);
        }
        if (end > MAX_HEADER_BYTES) {
          fail(malformed(tooLong));
          return false;
        }
        String headers = pending.getString(0, end, "ISO-8859-1");
        consume(end + 4);
        return part(headers);
      }
      case FIELD -> {
        int at = indexOf(pending, delimiter, 0);
        String tooLong = "form field '" + fieldName + "' is over " + MAX_FIELD_BYTES + " bytes";
        if (at < 0) {
          return within(pending.length(), MAX_FIELD_BYTES + delimiter.length, tooLong);
        }
        if (at > MAX_FIELD_BYTES) {
          fail(malformed(tooLong));
          return false;
        }
        fields.put(fieldName, pending.getString(0, at, "UTF-8"));
        consume(at + delimiter.length);
        state = State.AFTER_DELIMITER;
        return true;
      }
      case FILE -> {
        int at = indexOf(pending, delimiter, 0);
        if (at >= 0) {
          emit(at);
          consume(delimiter.length);
          state = State.AFTER_FILE;
          return true;
        }
        // Keep what could be the start of a delimiter split across chunks.
        int safe = pending.length() - (delimiter.length - 1);
        if (safe > 0) {
          emit(safe);
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  /** After a delimiter: the close ({@code --}) or the next part (a line break). */
  private boolean afterDelimiter() {
    int at = 0;
    // RFC 2046 allows transport padding (spaces and tabs) after a delimiter.
    while (at < pending.length() && (pending.getByte(at) == ' ' || pending.getByte(at) == '\t')) {
      at++;
    }
    if (pending.length() < at + 2) {
      return within(pending.length(), MAX_PREAMBLE_BYTES, "malformed multipart body");
    }
    byte first = pending.getByte(at);
    byte second = pending.getByte(at + 1);
    if (first == '-' && second == '-') {
      // The epilogue, if any, is ignored.
      pending = Buffer.buffer();
      if (state == State.AFTER_FILE) {
        state = State.DONE;
        file.finish();
      } else {
        state = State.DONE;
        fail(new ApiException(ErrorCode.EMPTY_BODY,
            "the form has no file field: add one with the media"));
      }
      return false;
    }
    if (first == '\r' && second == '\n') {
      if (state == State.AFTER_FILE) {
        fail(new ApiException(ErrorCode.BAD_REQUEST, "send one file per upload, with the "
            + "text fields (filename, storageClass, tags) before it"));
        return false;
      }
      consume(at + 2);
      state = State.HEADERS;
      return true;
    }
    fail(malformed("malformed multipart body"));
    return false;
  }

  private boolean part(String headers) {
    String disposition = null;
    String type = null;
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (name.equals("content-disposition")) {
        disposition = value;
      } else if (name.equals("content-type")) {
        type = value;
      }
    }
    if (disposition == null
        || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
      fail(malformed("a form part has no Content-Disposition: form-data"));
      return false;
    }
    Map<String, String> parameters = parameters(disposition);
    String name = parameters.get("name");
    if (name == null) {
      fail(malformed("a form part has no name"));
      return false;
    }
    if (!parameters.containsKey("filename")) {
      if (fields.size() >= MAX_FIELDS) {
        fail(malformed("the form has more than " + MAX_FIELDS + " fields"));
        return false;
      }
      fieldName = name;
      state = State.FIELD;
      return true;
    }
    String filename = parameters.get("filename");
    file = new FileStream();
    state = State.FILE;
    fileStarts.tryComplete(new FilePart(Map.copyOf(fields),
        filename.isEmpty() ? Optional.empty() : Optional.of(filename),
        Optional.ofNullable(type), file));
    return true;
  }

  private static Map<String, String> parameters(String disposition) {
    Map<String, String> parameters = new LinkedHashMap<>();
    Matcher matcher = PARAMETER.matcher(disposition);
    while (matcher.find()) {
      String value = matcher.group(2) != null
          ? matcher.group(2).replaceAll("\\\\(.)", "$1") : matcher.group(3);
      parameters.putIfAbsent(matcher.group(1).toLowerCase(Locale.ROOT), value);
    }
    return parameters;
  }

  private void ended() {
    requestEnded = true;
    process();
  }

  /** The body ended before the form did. */
  private void endedEarly() {
    if (state == State.PREAMBLE && file == null && fields.isEmpty()
        && pending.length() <= 2) {
      fail(new ApiException(ErrorCode.EMPTY_BODY, "the form is empty: add a file field with "
          + "the media"));
      return;
    }
    fail(malformed(file == null ? "the form ended before its file field"
        : "the form ended inside its file"));
  }

  private void failed(Throwable cause) {
    if (state != State.DONE && state != State.FAILED) {
      fail(malformed("the form could not be read: " + cause.getMessage()));
    }
  }

  private boolean within(int length, int limit, String message) {
    if (length > limit) {
      fail(malformed(message));
    }
    return false;
  }

  private void fail(ApiException failure) {
    state = State.FAILED;
    pending = Buffer.buffer();
    if (file != null) {
      file.fail(failure);
    }
    fileStarts.tryFail(failure);
  }

  private void emit(int length) {
    if (length > 0) {
      Buffer bytes = pending.getBuffer(0, length);
      consume(length);
      file.deliver(bytes);
    }
  }

  private void consume(int length) {
    pending = pending.getBuffer(length, pending.length());
  }

  private static ApiException malformed(String message) {
    return new ApiException(ErrorCode.BAD_REQUEST, message);
  }

  static int indexOf(Buffer haystack, byte[] needle, int from) {
    int last = haystack.length() - needle.length;
    outer:
    for (int i = from; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The file part's bytes, as the reader finds them; pausing it pauses the request. */
  private final class FileStream implements ReadStream<Buffer> {
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private long demand = Long.MAX_VALUE;
    private boolean ended;

    /** Until its reader has a handler, or while it is paused, no bytes go out. */
    boolean paused() {
      return demand == 0 || handler == null;
    }

    void deliver(Buffer bytes) {
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      handler.handle(bytes);
    }

    void finish() {
      if (!ended) {
        ended = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
    }

    void fail(Throwable failure) {
      if (!ended) {
        ended = true;
        if (exceptionHandler != null) {
          exceptionHandler.handle(failure);
        }
      }
    }

    @Override
    public FileStream exceptionHandler(Handler<Throwable> handler) {
      this.exceptionHandler = handler;
      return this;
    }

    @Override
    public FileStream handler(Handler<Buffer> handler) {
      this.handler = handler;
      moveOn();
      return this;
    }

    @Override
    public FileStream pause() {
      demand = 0;
      return this;
    }

    @Override
    public FileStream resume() {
      return fetch(Long.MAX_VALUE);
    }

    @Override
    public FileStream fetch(long amount) {
      demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
      moveOn();
      return this;
    }

    /** The reader can take bytes again: the request goes on. */
    private void moveOn() {
      if (!paused() && state == State.FILE) {
        if (!requestEnded) {
          request.resume();
        }
        process();
      }
    }

    @Override
    public FileStream endHandler(Handler<Void> handler) {
      this.endHandler = handler;
      return this;
    }
  }
}
