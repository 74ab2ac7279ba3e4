package dev.reel.ingest.presigned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PresignedRequestTest {

  private static final long MAX = 1_000_000;

  private static JsonObject valid() {
    return new JsonObject().put("size", 1000).put("contentType", "video/mp4");
  }

  private static PresignedRequest parse(String json) {
    return PresignedRequest.parse(new JsonObject(json), MAX);
  }

  private static ApiException rejected(ErrorCode code, String json) {
    ApiException e = assertThrows(ApiException.class, () -> parse(json));
    assertEquals(code, e.code(), e.getMessage());
    return e;
  }

  @Test
  @DisplayName("size and contentType alone: STANDARD, no filename, no tags, no digest")
  void minimal() {
    assertEquals(new PresignedRequest(1000, "video/mp4", Optional.empty(), "STANDARD", Map.of(),
        Optional.empty()), PresignedRequest.parse(valid(), MAX));
  }

  @Test
  @DisplayName("every field is read, normalised: type lower-cased, class upper-cased, hex lower")
  void everyField() {
    PresignedRequest request = parse("{\"size\":5,\"contentType\":\"Video/MP4\","
        + "\"filename\":\" a.mp4 \",\"storageClass\":\"standard_ia\",\"tags\":{\"k\":\"v\"},"
        + "\"sha256\":\"" + "AB".repeat(32) + "\"}");
    assertEquals(new PresignedRequest(5, "video/mp4", Optional.of("a.mp4"), "STANDARD_IA",
        Map.of("k", "v"), Optional.of("ab".repeat(32))), request);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a missing, fractional, textual or negative size is 400")
  @ValueSource(strings = {"{\"contentType\":\"video/mp4\"}",
      "{\"size\":1.5,\"contentType\":\"video/mp4\"}",
      "{\"size\":\"1000\",\"contentType\":\"video/mp4\"}",
      "{\"size\":-1,\"contentType\":\"video/mp4\"}",
      "{\"size\":null,\"contentType\":\"video/mp4\"}"})
  void badSize(String json) {
    assertTrue(rejected(ErrorCode.BAD_REQUEST, json).getMessage().contains("size"));
  }

  @Test
  @DisplayName("a size of 0 is 400 EMPTY_BODY: there is nothing to upload")
  void zeroSize() {
    rejected(ErrorCode.EMPTY_BODY, "{\"size\":0,\"contentType\":\"video/mp4\"}");
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a size over the maximum is 413, even beyond the range of a long")
  @ValueSource(strings = {"1000001", "99999999999999999999999"})
  void tooLarge(String size) {
    ApiException e = rejected(ErrorCode.PAYLOAD_TOO_LARGE,
        "{\"size\":" + size + ",\"contentType\":\"video/mp4\"}");
    assertTrue(e.getMessage().contains("1000000"), e.getMessage());
  }

  @Test
  @DisplayName("the maximum itself is accepted")
  void exactlyMax() {
    assertEquals(MAX, parse("{\"size\":1000000,\"contentType\":\"video/mp4\"}").size());
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a missing, non-string or malformed contentType, or octet-stream, is 400")
  @ValueSource(strings = {"{\"size\":1}", "{\"size\":1,\"contentType\":7}",
      "{\"size\":1,\"contentType\":\"video\"}",
      "{\"size\":1,\"contentType\":\"application/octet-stream\"}"})
  void badContentType(String json) {
    assertTrue(rejected(ErrorCode.BAD_REQUEST, json).getMessage().contains("contentType"));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a content type no supported media format has is 415 before anything is signed")
  @ValueSource(strings = {"text/plain", "application/pdf", "image/gif"})
  void unsupportedType(String type) {
    rejected(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        "{\"size\":1,\"contentType\":\"" + type + "\"}");
  }

  @Test
  @DisplayName("an unknown field is 400, naming it and the known ones")
  void unknownField() {
    ApiException e = rejected(ErrorCode.BAD_REQUEST, valid().put("sizee", 3).encode());
    assertTrue(e.getMessage().contains("sizee"), e.getMessage());
    assertTrue(e.getMessage().contains("contentType"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a blank, long, slashed or non-string filename is 400")
  @ValueSource(strings = {"\"\"", "\"a/b.mp4\"", "\"a\\\\b.mp4\"", "\"a\\u0007.mp4\"", "12"})
  void badFilename(String filename) {
    rejected(ErrorCode.BAD_REQUEST, "{\"size\":1,\"contentType\":\"video/mp4\",\"filename\":"
        + filename + "}");
  }

  @Test
  @DisplayName("a filename of 256 characters is 400, of 255 accepted")
  void filenameLength() {
    assertEquals(Optional.of("a".repeat(255)),
        PresignedRequest.parse(valid().put("filename", "a".repeat(255)), MAX).filename());
    assertThrows(ApiException.class,
        () -> PresignedRequest.parse(valid().put("filename", "a".repeat(256)), MAX));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("an unknown or non-string storage class is 400")
  @ValueSource(strings = {"\"FAST\"", "\"\"", "1"})
  void badStorageClass(String storageClass) {
    assertTrue(rejected(ErrorCode.BAD_REQUEST, "{\"size\":1,\"contentType\":\"video/mp4\","
        + "\"storageClass\":" + storageClass + "}").getMessage().contains("storageClass"));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("tags that are not an object of short strings, or more than ten, are 400")
  @ValueSource(strings = {"[\"a\"]", "\"k=v\"", "{\"k\":1}", "{\"\":\"v\"}",
      "{\"k\":\"v\\n\"}",
      "{\"a\":\"\",\"b\":\"\",\"c\":\"\",\"d\":\"\",\"e\":\"\",\"f\":\"\",\"g\":\"\","
          + "\"h\":\"\",\"i\":\"\",\"j\":\"\",\"k\":\"\"}"})
  void badTags(String tags) {
    assertTrue(rejected(ErrorCode.BAD_REQUEST, "{\"size\":1,\"contentType\":\"video/mp4\","
        + "\"tags\":" + tags + "}").getMessage().contains("tags"));
  }

  @Test
  @DisplayName("a tag key of 129 characters or a value of 257 is 400")
  void tagLimits() {
    assertThrows(ApiException.class, () -> PresignedRequest.parse(valid()
        .put("tags", new JsonObject().put("k".repeat(129), "v")), MAX));
    assertThrows(ApiException.class, () -> PresignedRequest.parse(valid()
        .put("tags", new JsonObject().put("k", "v".repeat(257))), MAX));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a sha256 that is not 64 hex digits is 400")
  @ValueSource(strings = {"\"abc\"", "\"zz\"", "64"})
  void badSha256(String sha256) {
    rejected(ErrorCode.BAD_REQUEST, "{\"size\":1,\"contentType\":\"video/mp4\",\"sha256\":"
        + sha256 + "}");
  }
}
