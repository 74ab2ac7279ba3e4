package dev.reel.ingest.tus;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.domain.UploadRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tus {@code Upload-Metadata} header: comma-separated pairs of a key and a base64 value
 * ({@code filename ZmlsbS5tcDQ=,filetype dmlkZW8vbXA0}), the value optional. Reel reads
 * {@code filename} and {@code filetype} (or {@code name} and {@code type}, as Uppy sends them),
 * {@code tags} in {@code x-amz-tagging} syntax and {@code storageClass}, each checked the way the
 * matching {@code X-Reel-*} header of a single upload is. Other keys are kept only to be echoed.
 *
 * @param header the header as received, echoed by HEAD; null when there was none
 */
public record UploadMetadata(String header, Map<String, String> values) {

  public static final String HEADER = "Upload-Metadata";
  private static final int MAX_HEADER_LENGTH = 4096;

  public UploadMetadata {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static UploadMetadata parse(String header) {
    if (header == null || header.isBlank()) {
      return new UploadMetadata(null, Map.of());
    }
    if (header.length() > MAX_HEADER_LENGTH) {
      throw invalid("is longer than " + MAX_HEADER_LENGTH + " characters");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : header.split(",", -1)) {
      String trimmed = pair.trim();
      if (trimmed.isEmpty()) {
        throw invalid("has an empty pair");
      }
      String[] keyAndValue = trimmed.split(" ", -1);
      if (keyAndValue.length > 2) {
        throw invalid("pair '" + trimmed + "' is not a key and one base64 value");
      }
      String key = keyAndValue[0];
      if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw invalid("key '" + key + "' must be printable ASCII without spaces");
      }
      String value = keyAndValue.length == 2 ? decode(key, keyAndValue[1]) : "";
      if (values.put(key, value) != null) {
        throw invalid("key '" + key + "' is given twice");
      }
    }
    return new UploadMetadata(header.trim(), values);
  }

  public Optional<String> filename() {
    return checked("filename", UploadRequest::filename, "filename", "name");
  }

  /** The declared media type, {@code application/octet-stream} when none was given. */
  public String filetype() {
    return checked("filetype", UploadRequest::mediaType, "filetype", "type");
  }

  public Map<String, String> tags() {
    return checked("tags", UploadRequest::tags, "tags");
  }

  public String storageClass() {
    return checked("storageClass", UploadRequest::storageClass, "storageClass");
  }

  /** Reads the first of {@code keys} present and checks it like its single-upload header. */
  private <T> T checked(String field, Function<String, T> check, String... keys) {
    String value = null;
    for (String key : keys) {
      if (values.containsKey(key)) {
        value = values.get(key);
        break;
      }
    }
    try {
      return check.apply(value);
    } catch (ApiException e) {
      throw new ApiException(e.code(), HEADER + " " + field + ": " + e.getMessage());
    }
  }

  private static String decode(String key, String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("value of '" + key + "' is not base64");
    }
  }

  private static ApiException invalid(String problem) {
    return new ApiException(ErrorCode.BAD_REQUEST, HEADER + " " + problem);
  }
}
