package dev.reel.ingest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CrossOriginTest {

  private static List<String> allowed(String requested) {
    return List.of(CrossOrigin.allowedHeaders(requested).split(", "));
  }

  @Test
  @DisplayName("a preflight is allowed every header tus-js-client, Uppy and a form send")
  void uploadClientHeaders() {
    List<String> allowed = allowed("authorization,tus-resumable,upload-length,"
        + "upload-metadata,content-type");
    for (String header : List.of("Authorization", "Tus-Resumable", "Upload-Length",
        "Upload-Metadata", "Upload-Offset", "Upload-Checksum", "Content-Type",
        "Idempotency-Key", "X-HTTP-Method-Override", "X-Reel-Tags")) {
      assertTrue(allowed.contains(header), header + " in " + allowed);
    }
    assertEquals(CrossOrigin.ALLOWED_HEADERS, allowed);
  }

  @Test
  @DisplayName("an X-Reel-* header the list does not name is allowed when asked for, once")
  void reelHeadersAsAsked() {
    List<String> allowed = allowed("X-Reel-Future, x-reel-future, x-reel-tags, X-Other");
    assertEquals(CrossOrigin.ALLOWED_HEADERS.size() + 1, allowed.size(), allowed.toString());
    assertEquals("X-Reel-Future", allowed.get(allowed.size() - 1));
  }

  @Test
  @DisplayName("asked-for names that are not header tokens are never echoed")
  void oddNamesIgnored() {
    assertEquals(CrossOrigin.ALLOWED_HEADERS,
        allowed("x-reel-a b, x-reel-\"q\", " + "x-reel-" + "a".repeat(80)));
  }
}
