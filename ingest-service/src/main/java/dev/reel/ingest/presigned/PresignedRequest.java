package dev.reel.ingest.presigned;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.domain.MediaFormat;
import dev.reel.ingest.domain.MediaTypeCheck;
import dev.reel.ingest.domain.UploadRequest;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/uploads/presigned}, checked field by field before anything is
 * planned or signed:
 * {@code {"size":N, "contentType":"video/mp4", "filename":"a.mp4", "storageClass":"STANDARD",
 * "tags":{"k":"v"}, "sha256":"<64 hex digits>"}}. Only {@code size} and {@code contentType} are
 * required.
 *
 * @param sha256 the client's own digest of the bytes, if it sent one; completion fails when the
 *     stored bytes hash differently
 */
public record PresignedRequest(long size, String contentType, Optional<String> filename,
    String storageClass, Map<String, String> tags, Optional<String> sha256) {

  static final Set<String> FIELDS = Set.of("size", "contentType", "filename", "storageClass",
      "tags", "sha256");
  /** S3's limits for object tags, as for the other ways in. */
  static final int MAX_TAGS = 10;
  static final int MAX_TAG_KEY = 128;
  static final int MAX_TAG_VALUE = 256;
  static final int MAX_FILENAME = 255;
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  public PresignedRequest {
    tags = Map.copyOf(tags);
  }

  /**
   * @throws ApiException 400 for a malformed field, 413 for a size over {@code maxBytes} (or over
   *     what S3 can hold), 415 for a content type that no supported media format has
   */
  public static PresignedRequest parse(JsonObject json, long maxBytes) {
    Set<String> unknown = new TreeSet<>(json.fieldNames());
    unknown.removeAll(FIELDS);
    if (!unknown.isEmpty()) {
      throw bad("unknown field(s) " + unknown + "; the fields are "
          + new TreeSet<>(FIELDS));
    }
    return new PresignedRequest(size(json.getValue("size"), maxBytes),
        contentType(json.getValue("contentType")),
        filename(json.getValue("filename")),
        storageClass(json.getValue("storageClass")),
        tags(json.getValue("tags")),
        sha256(json.getValue("sha256")));
  }

  static long size(Object value, long maxBytes) {
    if (value == null) {
      throw bad("size is required: the exact number of bytes that will be uploaded");
    }
    if (value instanceof BigInteger big && big.signum() > 0) {
      throw tooLarge(big.toString(), maxBytes);
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw bad("size must be a whole number of bytes, was " + describe(value));
    }
    long size = ((Number) value).longValue();
    if (size == 0) {
      throw new ApiException(ErrorCode.EMPTY_BODY, "size is 0: there is nothing to upload");
    }
    if (size < 0) {
      throw bad("size must be a positive number of bytes, was " + size);
    }
    long limit = Math.min(maxBytes, PresignedPlan.MAX_OBJECT_SIZE);
    if (size > limit) {
      throw tooLarge(String.valueOf(size), limit);
    }
    return size;
  }

  static String contentType(Object value) {
    if (value == null) {
      throw bad("contentType is required, e.g. \"video/mp4\": it is signed into the upload URL "
          + "and the object is served with it");
    }
    String type;
    try {
      type = UploadRequest.mediaType(string("contentType", value));
    } catch (ApiException e) {
      throw bad("contentType " + describe(value) + " is not a media type like video/mp4");
    }
    if (type.equals(UploadRequest.DEFAULT_CONTENT_TYPE)) {
      throw bad("contentType must name the media type (e.g. video/mp4), not "
          + UploadRequest.DEFAULT_CONTENT_TYPE + ": it is signed into the upload URL and the "
          + "object is served with it");
    }
    if (Arrays.stream(MediaFormat.values()).noneMatch(format -> format.matchesDeclared(type))) {
      throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "contentType " + type
          + " is not a supported media format (" + MediaTypeCheck.SUPPORTED + ")");
    }
    return type;
  }

  static Optional<String> filename(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    String name = string("filename", value).trim();
    if (name.isEmpty() || name.length() > MAX_FILENAME) {
      throw bad("filename must be 1-" + MAX_FILENAME + " characters");
    }
    if (name.chars().anyMatch(c -> Character.isISOControl(c) || c == '/' || c == '\\')) {
      throw bad("filename must be a plain file name without control characters or slashes");
    }
    return Optional.of(name);
  }

  static String storageClass(Object value) {
    if (value == null) {
      return "STANDARD";
    }
    String storageClass = string("storageClass", value).trim().toUpperCase(Locale.ROOT);
    if (!UploadRequest.STORAGE_CLASSES.contains(storageClass)) {
      throw bad("storageClass " + describe(value) + " is not one of "
          + new TreeSet<>(UploadRequest.STORAGE_CLASSES));
    }
    return storageClass;
  }

  static Map<String, String> tags(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject object)) {
      throw bad("tags must be an object of string values, like {\"project\":\"launch\"}");
    }
    if (object.size() > MAX_TAGS) {
      throw bad("tags: at most " + MAX_TAGS + " tags");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (String key : object.fieldNames()) {
      if (!(object.getValue(key) instanceof String tagValue)) {
        throw bad("tags: the value of '" + key + "' must be a string");
      }
      if (key.isEmpty() || key.length() > MAX_TAG_KEY || tagValue.length() > MAX_TAG_VALUE
          || key.chars().anyMatch(Character::isISOControl)
          || tagValue.chars().anyMatch(Character::isISOControl)) {
        throw bad("tags: keys must be 1-" + MAX_TAG_KEY + " characters and values at most "
            + MAX_TAG_VALUE + ", without control characters");
      }
      tags.put(key, tagValue);
    }
    return tags;
  }

  static Optional<String> sha256(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    String digest = string("sha256", value).trim();
    if (!SHA256.matcher(digest).matches()) {
      throw bad("sha256 must be 64 hexadecimal digits");
    }
    return Optional.of(digest.toLowerCase(Locale.ROOT));
  }

  private static String string(String field, Object value) {
    if (!(value instanceof String text)) {
      throw bad(field + " must be a string, was " + describe(value));
    }
    return text;
  }

  private static String describe(Object value) {
    String text = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  private static ApiException tooLarge(String size, long limit) {
    return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "an upload of " + size
        + " bytes exceeds the maximum of " + limit + " bytes");
  }

  private static ApiException bad(String message) {
    return new ApiException(ErrorCode.BAD_REQUEST, message);
  }
}
