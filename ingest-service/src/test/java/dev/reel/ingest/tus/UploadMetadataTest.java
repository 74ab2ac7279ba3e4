package dev.reel.ingest.tus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadMetadataTest {

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertBadRequest(String header) {
    ApiException e = assertThrows(ApiException.class,
        () -> UploadMetadata.parse(header).filename());
    assertEquals(ErrorCode.BAD_REQUEST, e.code(), e::getMessage);
  }

  @Test
  @DisplayName("pairs are decoded from base64 as UTF-8; a key may come without a value")
  void parsesPairs() {
    UploadMetadata metadata = UploadMetadata.parse("filename " + b64("clip ü.mp4")
        + ",filetype " + b64("video/mp4") + ",is_confidential");

    assertEquals(Map.of("filename", "clip ü.mp4", "filetype", "video/mp4",
        "is_confidential", ""), metadata.values());
    assertEquals(Optional.of("clip ü.mp4"), metadata.filename());
    assertEquals("video/mp4", metadata.filetype());
  }

  @Test
  @DisplayName("the Reel fields: tags in x-amz-tagging syntax and a storage class")
  void reelFields() {
    UploadMetadata metadata = UploadMetadata.parse("tags " + b64("team=video&year=2025")
        + ",storageClass " + b64("standard_ia"));

    assertEquals(Map.of("team", "video", "year", "2025"), metadata.tags());
    assertEquals("STANDARD_IA", metadata.storageClass());
  }

  @Test
  @DisplayName("Uppy's name and type stand in for filename and filetype")
  void uppyNames() {
    UploadMetadata metadata = UploadMetadata.parse("name " + b64("a.webm") + ",type "
        + b64("video/webm"));
    assertEquals(Optional.of("a.webm"), metadata.filename());
    assertEquals("video/webm", metadata.filetype());
  }

  @Test
  @DisplayName("without the header: no filename, octet-stream, no tags, STANDARD, no echo")
  void absent() {
    UploadMetadata metadata = UploadMetadata.parse(null);
    assertEquals(Optional.empty(), metadata.filename());
    assertEquals("application/octet-stream", metadata.filetype());
    assertTrue(metadata.tags().isEmpty());
    assertEquals("STANDARD", metadata.storageClass());
    assertNull(metadata.header());
  }

  @Test
  @DisplayName("an empty filetype, as browsers send for unknown files, means octet-stream")
  void emptyFiletype() {
    assertEquals("application/octet-stream",
        UploadMetadata.parse("filetype " + b64("")).filetype());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("malformed headers are a 400: bad base64, repeated keys, empty pairs, extra parts")
  @ValueSource(strings = {"filename !!!notbase64", "filename YQ==,filename Yg==", "a YQ==,,b",
      "filename YQ== extra", "fil\u00e9name YQ==", ","})
  void malformed(String header) {
    assertBadRequest(header);
  }

  @Test
  @DisplayName("Reel fields are checked like their X-Reel headers: a slash in a filename is a 400")
  void checkedFields() {
    assertBadRequest("filename " + b64("../etc/passwd"));
    ApiException storage = assertThrows(ApiException.class,
        () -> UploadMetadata.parse("storageClass " + b64("CHEAPEST")).storageClass());
    assertEquals(ErrorCode.BAD_REQUEST, storage.code());
    assertTrue(storage.getMessage().startsWith("Upload-Metadata storageClass"),
        storage.getMessage());
  }
}
