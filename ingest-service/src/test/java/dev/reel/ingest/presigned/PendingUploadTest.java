package dev.reel.ingest.presigned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PendingUploadTest {

  private static final long MIB = 1024 * 1024;

  private static PendingUpload multipart() {
    String assetId = "01m8me9mwsyr6e0q0sd2cg8swz";
    return new PendingUpload(assetId, "originals/" + assetId + "/source",
        20 * MIB + 5, "video/mp4", "a.mp4", "STANDARD_IA", Map.of("k", "v"), null, "3f2a9c1d0b7e",
        "upload-1", 8 * MIB, Instant.parse("2026-11-29T20:00:00Z"),
        Instant.parse("2026-11-29T21:00:00Z"));
  }

  @Test
  @DisplayName("the stored plan reads back equal, with expiresAt as an ISO-8601 string a cleaner "
      + "can parse")
  void roundTrip() {
    PendingUpload upload = multipart();
    JsonObject json = new JsonObject(new String(upload.toJson()));

    assertEquals("2026-11-29T21:00:00Z", json.getString("expiresAt"));
    assertEquals("upload-1", json.getString("uploadId"));
    assertEquals(upload, PendingUpload.fromJson(upload.toJson()));
  }

  @Test
  @DisplayName("a multipart plan is rebuilt from its stored part size; a single PUT has no parts")
  void planRebuilt() {
    PendingUpload upload = multipart();
    assertTrue(upload.multipart());
    assertEquals(PresignedPlan.multipart(20 * MIB + 5, 8 * MIB), upload.plan());

    PendingUpload single = new PendingUpload(upload.assetId(), upload.key(), 1000, "video/mp4",
        null, "STANDARD", Map.of(), null, "3f2a9c1d0b7e", null, 0, upload.createdAt(),
        upload.expiresAt());
    assertFalse(single.multipart());
    assertEquals(0, single.plan().partCount());
  }

  @Test
  @DisplayName("completion is accepted until expiresAt plus the grace; sweeping only starts ten "
      + "minutes after that")
  void deadlines() {
    PendingUpload upload = multipart();
    Duration grace = Duration.ofHours(24);
    Instant last = Instant.parse("2026-11-30T21:00:00Z");

    assertEquals(last, upload.completableUntil(grace));
    assertTrue(upload.completable(last, grace));
    assertFalse(upload.completable(last.plusMillis(1), grace));
    assertFalse(upload.sweepable(last.plusMillis(1), grace));
    assertFalse(upload.sweepable(last.plus(PendingUpload.SWEEP_MARGIN), grace));
    assertTrue(upload.sweepable(last.plus(PendingUpload.SWEEP_MARGIN).plusMillis(1), grace));
  }
}
