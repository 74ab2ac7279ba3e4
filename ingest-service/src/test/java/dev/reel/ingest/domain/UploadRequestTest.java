package dev.reel.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class UploadRequestTest {

  private static final long MAX = 1000;

  private static UploadRequest withContentType(String contentType) {
    return UploadRequest.parse(contentType, null, null, null, MAX);
  }

  private static UploadRequest withLength(String contentLength) {
    return UploadRequest.parse(null, contentLength, null, null, MAX);
  }

  private static UploadRequest withFilename(String filename) {
    return UploadRequest.parse(null, null, filename, null, MAX);
  }

  private static UploadRequest withStorageClass(String storageClass) {
    return UploadRequest.parse(null, null, null, storageClass, MAX);
  }

  private static void assertRejected(ErrorCode expected, Executable parse) {
    ApiException e = assertThrows(ApiException.class, parse);
    assertEquals(expected, e.code(), e::getMessage);
  }

  @Test
  @DisplayName("without headers: octet-stream, STANDARD, no filename, no declared length")
  void defaults() {
    assertEquals(new UploadRequest("application/octet-stream", Optional.empty(),
        Optional.empty(), "STANDARD", java.util.Map.of()),
        UploadRequest.parse(null, null, null, null, MAX));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a blank Content-Type is treated as absent: application/octet-stream")
  @ValueSource(strings = {"", "   "})
  void blankContentTypeIsDefault(String contentType) {
    assertEquals("application/octet-stream", withContentType(contentType).contentType());
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @DisplayName("Content-Type parameters are stripped and the type is lower-cased")
  @CsvSource(delimiter = '|', value = {
      "video/mp4                          | video/mp4",
      "Video/MP4; codecs=avc1             | video/mp4",
      "VIDEO/QUICKTIME;charset=binary     | video/quicktime",
      "  audio/mpeg ; q=1                 | audio/mpeg",
      "application/vnd.apple.mpegurl      | application/vnd.apple.mpegurl",
      "image/svg+xml                      | image/svg+xml",
  })
  void contentTypeNormalised(String header, String expected) {
    assertEquals(expected, withContentType(header).contentType());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a Content-Type that is not a type/subtype is a BAD_REQUEST")
  @ValueSource(strings = {"video", "video/", "/mp4", "*/*", "video/*", "video/mp4/extra",
      "video mp4", "; codecs=avc1", "vidéo/mp4", "-video/mp4"})
  void malformedContentTypeRejected(String header) {
    assertRejected(ErrorCode.BAD_REQUEST, () -> withContentType(header));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @DisplayName("a numeric Content-Length within the maximum is the declared length")
  @CsvSource(delimiter = '|', value = {"1 | 1", "1000 | 1000", " 42 | 42"})
  void contentLengthAccepted(String header, long expected) {
    assertEquals(Optional.of(expected), withLength(header).declaredLength());
  }

  @ParameterizedTest
  @DisplayName("an absent Content-Length (chunked upload) declares no length")
  @NullSource
  void absentContentLength(String header) {
    assertEquals(Optional.empty(), withLength(header).declaredLength());
  }

  @Test
  @DisplayName("Content-Length 0 is EMPTY_BODY")
  void zeroLengthIsEmptyBody() {
    assertRejected(ErrorCode.EMPTY_BODY, () -> withLength("0"));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a Content-Length over the maximum is PAYLOAD_TOO_LARGE")
  @ValueSource(strings = {"1001", "9223372036854775807"})
  void overMaximumIsTooLarge(String header) {
    assertRejected(ErrorCode.PAYLOAD_TOO_LARGE, () -> withLength(header));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a non-numeric Content-Length is a BAD_REQUEST")
  @ValueSource(strings = {"", "abc", "1.5", "1e3", "0x10", "12 34"})
  void nonNumericLengthRejected(String header) {
    assertRejected(ErrorCode.BAD_REQUEST, () -> withLength(header));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a negative or signed Content-Length is a BAD_REQUEST (RFC 9110: 1*DIGIT)")
  @ValueSource(strings = {"-1", "-1000", "+5"})
  void signedLengthRejected(String header) {
    assertRejected(ErrorCode.BAD_REQUEST, () -> withLength(header));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a plain file name is kept, trimmed")
  @CsvSource(delimiter = '|', value = {
      "holiday.mp4        | holiday.mp4",
      "'  my clip.mov  '  | my clip.mov",
      "a                  | a",
  })
  void plainFilenameKept(String header, String expected) {
    assertEquals(Optional.of(expected), withFilename(header).filename());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a unicode file name is accepted as it is")
  @ValueSource(strings = {"vidéo d'été.mp4", "東京タワー.mov", "клип.webm", "🎬 trailer.mp4"})
  void unicodeFilenameAccepted(String name) {
    assertEquals(Optional.of(name), withFilename(name).filename());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a blank file name is treated as absent")
  @ValueSource(strings = {"", "   "})
  void blankFilenameIsAbsent(String header) {
    assertEquals(Optional.empty(), withFilename(header).filename());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a file name with a slash or backslash is a BAD_REQUEST")
  @ValueSource(strings = {"a/b.mp4", "../etc/passwd", "/abs.mp4", "dir\\clip.mp4",
      "C:\\clip.mp4"})
  void filenameWithSlashRejected(String header) {
    assertRejected(ErrorCode.BAD_REQUEST, () -> withFilename(header));
  }

  @ParameterizedTest(name = "U+{0}")
  @DisplayName("a file name with a C0 control character or DEL is a BAD_REQUEST")
  @ValueSource(strings = {"0000", "0001", "0009", "000A", "000D", "001B", "001F", "007F"})
  void filenameWithControlCharRejected(String codePoint) {
    String name = "clip" + (char) Integer.parseInt(codePoint, 16) + "x.mp4";
    assertRejected(ErrorCode.BAD_REQUEST, () -> withFilename(name));
  }

  @ParameterizedTest(name = "U+{0}")
  @DisplayName("a file name with a C1 control character is a BAD_REQUEST")
  @ValueSource(strings = {"0080", "0085", "009B", "009F"})
  void filenameWithC1ControlCharRejected(String codePoint) {
    String name = "clip" + (char) Integer.parseInt(codePoint, 16) + "x.mp4";
    assertRejected(ErrorCode.BAD_REQUEST, () -> withFilename(name));
  }

  @Test
  @DisplayName("a 255-character file name is accepted")
  void filenameAtLimitAccepted() {
    String name = "a".repeat(251) + ".mp4";
    assertEquals(Optional.of(name), withFilename(name).filename());
  }

  @Test
  @DisplayName("a file name over 255 characters is a BAD_REQUEST")
  void filenameOverLimitRejected() {
    String name = "a".repeat(252) + ".mp4";
    assertRejected(ErrorCode.BAD_REQUEST, () -> withFilename(name));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @DisplayName("the storage class is matched case-insensitively and upper-cased")
  @CsvSource(delimiter = '|', value = {
      "STANDARD            | STANDARD",
      "standard            | STANDARD",
      "Standard_IA         | STANDARD_IA",
      "' glacier_ir '      | GLACIER_IR",
      "deep_archive        | DEEP_ARCHIVE",
      "intelligent_tiering | INTELLIGENT_TIERING",
  })
  void storageClassCaseInsensitive(String header, String expected) {
    assertEquals(expected, withStorageClass(header).storageClass());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a blank storage class is treated as absent: STANDARD")
  @ValueSource(strings = {"", "  "})
  void blankStorageClassIsDefault(String header) {
    assertEquals("STANDARD", withStorageClass(header).storageClass());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("an unknown storage class is a BAD_REQUEST")
  @ValueSource(strings = {"COLD", "STANDARD IA", "STANDARD-IA", "ARCHIVE", "S"})
  void unknownStorageClassRejected(String header) {
    assertRejected(ErrorCode.BAD_REQUEST, () -> withStorageClass(header));
  }
}
