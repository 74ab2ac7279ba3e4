package dev.reel.ingest.tus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadChecksumTest {

  private static final byte[] BODY = "some bytes of a PATCH".getBytes(StandardCharsets.UTF_8);

  private static String header(String algorithm, String jcaName) throws Exception {
    return algorithm + " " + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance(jcaName).digest(BODY));
  }

  private static boolean matchesBody(UploadChecksum checksum) {
    MessageDigest digest = checksum.newDigest();
    digest.update(BODY);
    return checksum.matches(digest.digest());
  }

  @Test
  @DisplayName("sha1 and sha256 digests of the body match")
  void matching() throws Exception {
    assertTrue(matchesBody(UploadChecksum.parse(header("sha1", "SHA-1")).orElseThrow()));
    assertTrue(matchesBody(UploadChecksum.parse(header("sha256", "SHA-256")).orElseThrow()));
  }

  @Test
  @DisplayName("the digest of other bytes does not match")
  void mismatching() throws Exception {
    UploadChecksum checksum = UploadChecksum.parse(header("sha256", "SHA-256")).orElseThrow();
    MessageDigest digest = checksum.newDigest();
    digest.update("other bytes".getBytes(StandardCharsets.UTF_8));
    assertFalse(checksum.matches(digest.digest()));
  }

  @Test
  @DisplayName("no header, no checksum")
  void absent() {
    assertEquals(Optional.empty(), UploadChecksum.parse(null));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("unsupported algorithms and malformed digests are a 400")
  @ValueSource(strings = {"md5 1B2M2Y8AsgTpgAmY7PhCfg==", "sha256", "sha256 !!!",
      "sha256 2jmj7l5rSw0yVb/vlWAYkK/YBwk=", "sha1 2jmj7l5rSw0yVb/vlWAYkK/YBwk= x", ""})
  void rejected(String header) {
    ApiException e = assertThrows(ApiException.class, () -> UploadChecksum.parse(header));
    assertEquals(ErrorCode.BAD_REQUEST, e.code(), e::getMessage);
  }
}
