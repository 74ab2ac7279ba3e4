package dev.reel.delivery.domain;

import dev.reel.common.AssetId;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A request for one file of an asset's transcode outputs: {@code /v1/media/{assetId}/{file}},
 * where {@code file} is a path relative to the asset's renditions folder, such as {@code
 * master.m3u8} or {@code cmaf/720p/seg_00001.m4s}.
 *
 * <p>It is read from the raw request path, before any decoding or dot-segment removal, and held
 * to the names the transcoder writes: segments of letters, digits, {@code .}, {@code _} and
 * {@code -}, separated by single slashes. So {@code ..}, {@code .}, empty segments, backslashes
 * and every percent-encoding (an encoded slash or dot included) are refused rather than
 * interpreted: there is no way to name a key outside the asset's folder, or the same file twice.
 */
public record MediaPath(String assetId, String file) {

  private static final String PREFIX = "/v1/media/";
  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  /** The longest segment: {@code [A-Za-z0-9._-]{1,128}}. */
  private static final int MAX_SEGMENT = 128;
  private static final int MAX_SEGMENTS = 8;
  private static final int MAX_LENGTH = 512;

  public static MediaPath parse(String rawPath) {
    if (rawPath == null || !rawPath.startsWith(PREFIX)) {
      throw invalid(rawPath, "it is not under " + PREFIX);
    }
    String rest = rawPath.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    String assetId = slash < 0 ? rest : rest.substring(0, slash);
    if (!AssetId.isValid(assetId)) {
      throw new ApiException(ErrorCode.INVALID_ASSET_ID, "'" + assetId + "' is not an asset id");
    }
    String file = slash < 0 ? "" : rest.substring(slash + 1);
    if (file.isEmpty()) {
      throw invalid(rawPath, "it names no file");
    }
    if (file.length() > MAX_LENGTH) {
      throw invalid(rawPath, "it is longer than " + MAX_LENGTH + " characters");
    }
    int segments = 0;
    for (int start = 0; start <= file.length(); ) {
      int end = file.indexOf('/', start);
      end = end < 0 ? file.length() : end;
      if (++segments > MAX_SEGMENTS) {
        throw invalid(rawPath, "it is deeper than " + MAX_SEGMENTS + " levels");
      }
      checkSegment(rawPath, file, start, end);
      start = end + 1;
    }
    return new MediaPath(assetId, file);
  }

  /** The file's name: its last segment. */
  public String fileName() {
    return file.substring(file.lastIndexOf('/') + 1);
  }

  private static ApiException invalid(String rawPath, String why) {
    return new ApiException(ErrorCode.INVALID_MEDIA_PATH, "'" + abbreviated(rawPath)
        + "' is not a media file path: " + why);
  }

  /**
   * Enough of a hostile path to recognise it in a log, not a megabyte of it echoed back, and in
   * printable ASCII: every other character is shown percent-encoded. The server reads a request
   * line's bytes as ISO-8859-1, one character each, so a raw UTF-8 {@code é} arrives as two
   * characters, and echoed as they are they would come back as mojibake in the JSON message;
   * encoded, they read {@code %C3%A9}, the bytes that were sent. (A character above U+00FF, which
   * that reading cannot produce, is encoded as its UTF-8 bytes.)
   */
  static String abbreviated(String rawPath) {
    if (rawPath == null) {
      return "";
    }
    int shown = Math.min(rawPath.length(), 200);
    StringBuilder out = new StringBuilder(shown + 8);
    for (int i = 0; i < shown; i++) {
      char c = rawPath.charAt(i);
      if (c > 0x20 && c < 0x7f) {
        out.append(c);
      } else if (c <= 0xff) {
        percent(out, c);
      } else {
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          percent(out, b & 0xff);
        }
      }
    }
    return shown < rawPath.length() ? out.append("...").toString() : out.toString();
  }

  private static void percent(StringBuilder out, int octet) {
    out.append('%').append(HEX.toHexDigits((byte) octet));
  }

  /**
   * Refuses {@code file[start, end)} unless it is 1 to {@link #MAX_SEGMENT} letters, digits,
   * dots, underscores and hyphens, and not {@code .} or {@code ..}; checked in place, as this
   * runs on every media request.
   */
  private static void checkSegment(String rawPath, String file, int start, int end) {
    int length = end - start;
    if (length == 0) {
      throw invalid(rawPath, "it has an empty segment");
    }
    boolean dots = file.charAt(start) == '.'
        && (length == 1 || (length == 2 && file.charAt(start + 1) == '.'));
    if (dots) {
      throw invalid(rawPath, "it has a '" + file.substring(start, end) + "' segment");
    }
    if (length > MAX_SEGMENT) {
      throw invalid(rawPath, "a segment is longer than " + MAX_SEGMENT + " characters");
    }
    boolean plain = true;
    for (int i = start; plain && i < end; i++) {
      char c = file.charAt(i);
      plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
    }
    if (!plain) {
      throw invalid(rawPath, "a segment holds characters other than letters, digits, '.', "
          + "'_' and '-'");
    }
  }
}
