package dev.reel.ingest.domain;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a client declared about an upload in its headers, checked before a byte is stored.
 *
 * @param contentType the declared media type, {@code application/octet-stream} when absent
 * @param filename the original file name from {@code X-Reel-Filename}, if any
 * @param declaredLength the {@code Content-Length}, absent for chunked uploads
 * @param storageClass the S3 storage class from {@code X-Reel-Storage-Class}
 */
public record UploadRequest(String contentType, Optional<String> filename,
    Optional<Long> declaredLength, String storageClass, Map<String, String> tags) {

  public static final String FILENAME_HEADER = "X-Reel-Filename";
  public static final String STORAGE_CLASS_HEADER = "X-Reel-Storage-Class";
  /** Tags as S3's {@code x-amz-tagging} writes them: a URL-encoded query string. */
  public static final String TAGS_HEADER = "X-Reel-Tags";
  static final int MAX_TAGS = 10;
  static final int MAX_TAG_KEY = 128;
  static final int MAX_TAG_VALUE = 256;
  public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
  public static final Set<String> STORAGE_CLASSES = Set.of("STANDARD", "STANDARD_IA",
      "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE",
      "REDUCED_REDUNDANCY");

  private static final Pattern MEDIA_TYPE = Pattern.compile(
      "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
  private static final int MAX_FILENAME_LENGTH = 255;

  public static UploadRequest parse(String contentType, String contentLength, String filename,
      String storageClass, long maxBytes) {
    return parse(contentType, contentLength, filename, storageClass, null, maxBytes);
  }

  public static UploadRequest parse(String contentType, String contentLength, String filename,
      String storageClass, String tags, long maxBytes) {
    return new UploadRequest(mediaType(contentType), filename(filename),
        length(contentLength, maxBytes), storageClass(storageClass), tags(tags));
  }

  /** Parses {@code k=v&k2=v2} (URL-encoded), under S3's limits for object tags. */
  public static Map<String, String> tags(String header) {
    if (header == null || header.isBlank()) {
      return Map.of();
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (String pair : header.trim().split("&")) {
      int equals = pair.indexOf('=');
      String key = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      if (key.isEmpty() || key.length() > MAX_TAG_KEY || value.length() > MAX_TAG_VALUE
          || key.chars().anyMatch(Character::isISOControl)
          || value.chars().anyMatch(Character::isISOControl)) {
        throw new ApiException(ErrorCode.BAD_REQUEST, TAGS_HEADER + ": tag keys must be 1-"
            + MAX_TAG_KEY + " characters and values at most " + MAX_TAG_VALUE);
      }
      if (tags.put(key, value) != null) {
        throw new ApiException(ErrorCode.BAD_REQUEST, TAGS_HEADER + ": tag '" + key
            + "' given twice");
      }
    }
    if (tags.size() > MAX_TAGS) {
      throw new ApiException(ErrorCode.BAD_REQUEST, TAGS_HEADER + ": at most " + MAX_TAGS
          + " tags");
    }
    return tags;
  }

  private static String decode(String encoded) {
    try {
      return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorCode.BAD_REQUEST, TAGS_HEADER + " is not URL-encoded");
    }
  }

  public static String mediaType(String header) {
    if (header == null || header.isBlank()) {
      return DEFAULT_CONTENT_TYPE;
    }
    String type = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!MEDIA_TYPE.matcher(type).matches()) {
      throw new ApiException(ErrorCode.BAD_REQUEST,
          "Content-Type '" + header + "' is not a media type like video/mp4");
    }
    return type;
  }

  public static Optional<String> filename(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String name = header.trim();
    if (name.length() > MAX_FILENAME_LENGTH) {
      throw new ApiException(ErrorCode.BAD_REQUEST,
          FILENAME_HEADER + " is longer than " + MAX_FILENAME_LENGTH + " characters");
    }
    if (name.chars().anyMatch(c -> Character.isISOControl(c) || c == '/' || c == '\\')) {
      throw new ApiException(ErrorCode.BAD_REQUEST,
          FILENAME_HEADER + " must be a plain file name without control characters or slashes");
    }
    return Optional.of(name);
  }

  private static Optional<Long> length(String header, long maxBytes) {
    if (header == null) {
      return Optional.empty();
    }
    String digits = header.trim();
    if (!digits.matches("[0-9]{1,19}")) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "Content-Length is not a number");
    }
    long length;
    try {
      length = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
          "upload exceeds the maximum of " + maxBytes + " bytes");
    }
    if (length == 0) {
      throw new ApiException(ErrorCode.EMPTY_BODY, "request body is empty: send the media bytes");
    }
    if (length > maxBytes) {
      throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
          "upload of " + length + " bytes exceeds the maximum of " + maxBytes + " bytes");
    }
    return Optional.of(length);
  }

  public static String storageClass(String header) {
    if (header == null || header.isBlank()) {
      return "STANDARD";
    }
    String value = header.trim().toUpperCase(Locale.ROOT);
    if (!STORAGE_CLASSES.contains(value)) {
      throw new ApiException(ErrorCode.BAD_REQUEST, STORAGE_CLASS_HEADER + " '" + header
          + "' is not one of " + STORAGE_CLASSES.stream().sorted().toList());
    }
    return value;
  }
}
