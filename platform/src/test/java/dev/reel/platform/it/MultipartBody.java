package dev.reel.platform.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of {@code multipart/byteranges} bodies (RFC 9110 section 14.6): it fails on
 * anything but a delimiter line, header fields, an empty line, exactly the bytes the part's
 * Content-Range announces, and a closing delimiter with nothing after it.
 */
public final class MultipartBody {

  private static final Pattern BOUNDARY =
      Pattern.compile("multipart/byteranges;\\s*boundary=\"?([^\";]+)\"?");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

  /** One part: its header fields (lower-case names), the range it holds, and its bytes. */
  public record Part(Map<String, String> headers, long first, long last, long completeLength,
      byte[] bytes) {
  }

  private MultipartBody() {
  }

  public static List<Part> parse(String contentType, byte[] body) {
    Matcher type = BOUNDARY.matcher(contentType);
    if (!type.matches()) {
      throw new AssertionError("not multipart/byteranges with a boundary: " + contentType);
    }
    String delimiter = "--" + type.group(1);
    List<Part> parts = new ArrayList<>();
    int at = expect(body, 0, delimiter + "\r\n");
    while (true) {
      Map<String, String> headers = new LinkedHashMap<>();
      int lineEnd;
      while ((lineEnd = indexOf(body, "\r\n", at)) != at) {
        String line = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1);
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
        at = lineEnd + 2;
      }
      at += 2;
      Matcher range = CONTENT_RANGE.matcher(headers.getOrDefault("content-range", ""));
      if (!range.matches()) {
        throw new AssertionError("part without a Content-Range: " + headers);
      }
      long first = Long.parseLong(range.group(1));
      long last = Long.parseLong(range.group(2));
      int end = Math.toIntExact(at + last - first + 1);
      parts.add(new Part(headers, first, last, Long.parseLong(range.group(3)),
          Arrays.copyOfRange(body, at, end)));
      at = expect(body, end, "\r\n" + delimiter);
      if (startsWith(body, at, "--\r\n")) {
        if (at + 4 != body.length) {
          throw new AssertionError((body.length - at - 4) + " bytes after the closing delimiter");
        }
        return parts;
      }
      at = expect(body, at, "\r\n");
    }
  }

  private static int expect(byte[] body, int at, String text) {
    if (!startsWith(body, at, text)) {
      throw new AssertionError("expected '" + text.replace("\r\n", "\\r\\n") + "' at byte " + at);
    }
    return at + text.length();
  }

  private static boolean startsWith(byte[] body, int at, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    return at + bytes.length <= body.length
        && Arrays.equals(body, at, at + bytes.length, bytes, 0, bytes.length);
  }

  private static int indexOf(byte[] body, String text, int from) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = from; i + bytes.length <= body.length; i++) {
      if (Arrays.equals(body, i, i + bytes.length, bytes, 0, bytes.length)) {
        return i;
      }
    }
    throw new AssertionError("no '" + text.replace("\r\n", "\\r\\n") + "' after byte " + from);
  }
}
