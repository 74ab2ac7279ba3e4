package dev.reel.delivery.domain;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * The framing of a {@code multipart/byteranges} body (RFC 9110 section 14.6, RFC 2046 section
 * 5.1.1): before each range a delimiter line and the part's {@code Content-Type} and {@code
 * Content-Range}, after the last one the closing delimiter. Only the framing is built here; the
 * bytes of each range are streamed between {@link #partHead} and the next one, so the exact
 * {@link #contentLength} is known before the first byte is fetched.
 *
 * @param boundary the delimiter, which the body must not contain; random, so it cannot be
 *     chosen by whoever uploaded the media
 * @param partType the media type of the whole representation, repeated in each part
 * @param ranges the parts, in order
 */
public record MultipartByteRanges(String boundary, String partType, List<ByteRange> ranges) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BOUNDARY_CHARS =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final String CRLF = "\r\n";

  public MultipartByteRanges {
    ranges = List.copyOf(ranges);
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("a multipart body has at least one part");
    }
    if (boundary.isEmpty() || boundary.length() > 70) {
      throw new IllegalArgumentException("a boundary has 1 to 70 characters");
    }
  }

  /** The framing for these ranges, with a fresh random boundary. */
  public static MultipartByteRanges of(List<ByteRange> ranges, String partType) {
    StringBuilder boundary = new StringBuilder("reel-");
    for (int i = 0; i < 32; i++) {
      boundary.append(BOUNDARY_CHARS[RANDOM.nextInt(BOUNDARY_CHARS.length)]);
    }
    return new MultipartByteRanges(boundary.toString(), safeType(partType), ranges);
  }

  /**
   * The type as a part header can carry it: a stored type with control or non-ASCII characters
   * would break the framing, so it is replaced by the generic one.
   */
  private static String safeType(String type) {
    boolean printable = type != null && !type.isBlank()
        && type.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f));
    return printable ? type : "application/octet-stream";
  }

  /** The response's {@code Content-Type}. */
  public String contentType() {
    return "multipart/byteranges; boundary=" + boundary;
  }

  /**
   * What precedes the bytes of part {@code index}: the delimiter (after the CRLF that ends the
   * previous part's bytes, which belongs to the delimiter) and the part's header fields.
   */
  public String partHead(int index) {
    ByteRange range = ranges.get(index);
    return (index == 0 ? "" : CRLF) + "--" + boundary + CRLF
        + "Content-Type: " + partType + CRLF
        + "Content-Range: " + range.contentRange() + CRLF
        + CRLF;
  }

  /** What follows the last part's bytes: the closing delimiter. */
  public String closing() {
    return CRLF + "--" + boundary + "--" + CRLF;
  }

  /** The exact length of the whole body: framing plus every part's bytes. */
  public long contentLength() {
    long length = bytes(closing());
    for (int i = 0; i < ranges.size(); i++) {
      length += bytes(partHead(i)) + ranges.get(i).length();
    }
    return length;
  }

  private static long bytes(String framing) {
    // Header values here are ASCII (a media type and digits), so characters are bytes.
    return framing.getBytes(StandardCharsets.ISO_8859_1).length;
  }
}
