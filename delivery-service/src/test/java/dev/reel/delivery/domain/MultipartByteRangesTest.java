package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MultipartByteRangesTest {

  private static final List<ByteRange> RANGES = List.of(new ByteRange(0, 3, 20),
      new ByteRange(10, 11, 20));

  @Test
  @DisplayName("the framing is RFC 9110's example: delimiter, Content-Type, Content-Range, empty "
      + "line, bytes, and a closing delimiter")
  void framing() {
    byte[] media = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
    var parts = new MultipartByteRanges("THIS_STRING_SEPARATES", "video/mp4", RANGES);

    assertEquals("multipart/byteranges; boundary=THIS_STRING_SEPARATES", parts.contentType());
    assertEquals("--THIS_STRING_SEPARATES\r\n"
        + "Content-Type: video/mp4\r\n"
        + "Content-Range: bytes 0-3/20\r\n"
        + "\r\n"
        + "abcd\r\n"
        + "--THIS_STRING_SEPARATES\r\n"
        + "Content-Type: video/mp4\r\n"
        + "Content-Range: bytes 10-11/20\r\n"
        + "\r\n"
        + "kl\r\n"
        + "--THIS_STRING_SEPARATES--\r\n", body(parts, media));
  }

  @Test
  @DisplayName("contentLength() is exactly the length of the body the framing produces")
  void exactLength() {
    byte[] media = new byte[20];
    var parts = MultipartByteRanges.of(RANGES, "application/vnd.apple.mpegurl");

    assertEquals(body(parts, media).getBytes(StandardCharsets.ISO_8859_1).length,
        parts.contentLength());
  }

  @Test
  @DisplayName("each answer gets its own random boundary of legal characters")
  void randomBoundary() {
    var one = MultipartByteRanges.of(RANGES, "video/mp4");
    var other = MultipartByteRanges.of(RANGES, "video/mp4");

    assertNotEquals(one.boundary(), other.boundary());
    assertTrue(one.boundary().matches("[A-Za-z0-9-]{1,70}"), one.boundary());
  }

  @Test
  @DisplayName("a stored type that would break the part headers is replaced by the generic one")
  void unsafeType() {
    assertEquals("application/octet-stream",
        MultipartByteRanges.of(RANGES, "video/mp4\r\nX-Evil: 1").partType());
    assertEquals("application/octet-stream", MultipartByteRanges.of(RANGES, "").partType());
    assertEquals("video/mp4; codecs=\"avc1\"",
        MultipartByteRanges.of(RANGES, "video/mp4; codecs=\"avc1\"").partType());
  }

  private static String body(MultipartByteRanges parts, byte[] media) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < parts.ranges().size(); i++) {
      ByteRange range = parts.ranges().get(i);
      out.writeBytes(parts.partHead(i).getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(Arrays.copyOfRange(media, (int) range.first(), (int) range.last() + 1));
    }
    out.writeBytes(parts.closing().getBytes(StandardCharsets.ISO_8859_1));
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
