package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.http.HttpDate;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

  private static final Instant MODIFIED = Instant.parse("2026-11-06T08:49:37Z");
  private static final String ETAG = "\"abc123\"";

  @Test
  @DisplayName("dates are IMF-fixdate, with a two-digit day")
  void imfFixdate() {
    assertEquals("Fri, 06 Nov 2026 08:49:37 GMT", HttpDate.format(MODIFIED));
  }

  @Test
  @DisplayName("If-Range honours the range only for the same strong ETag or the same date")
  void ifRange() {
    assertTrue(Validators.rangeApplies(null, ETAG, MODIFIED));
    assertTrue(Validators.rangeApplies(ETAG, ETAG, MODIFIED));
    assertFalse(Validators.rangeApplies("\"older\"", ETAG, MODIFIED));
    assertFalse(Validators.rangeApplies("W/\"abc123\"", ETAG, MODIFIED));
    assertTrue(Validators.rangeApplies("Fri, 06 Nov 2026 08:49:37 GMT", ETAG, MODIFIED));
    assertFalse(Validators.rangeApplies("Fri, 06 Nov 2026 08:49:36 GMT", ETAG, MODIFIED));
    assertFalse(Validators.rangeApplies("not a date", ETAG, MODIFIED));
  }

  @Test
  @DisplayName("If-None-Match with the current ETag, weak or listed among others, is not modified")
  void ifNoneMatchMatches() {
    assertTrue(Validators.notModified(ETAG, null, ETAG, MODIFIED));
    assertTrue(Validators.notModified("W/\"abc123\"", null, ETAG, MODIFIED));
    assertTrue(Validators.notModified("\"other\", \"abc123\"", null, ETAG, MODIFIED));
    assertTrue(Validators.notModified("*", null, ETAG, MODIFIED));
  }

  @Test
  @DisplayName("If-None-Match with another ETag is modified, and then If-Modified-Since is ignored")
  void ifNoneMatchDiffers() {
    assertFalse(Validators.notModified("\"other\"", null, ETAG, MODIFIED));
    assertFalse(Validators.notModified("\"other\"", "Fri, 06 Nov 2026 08:49:37 GMT", ETAG,
        MODIFIED));
    assertFalse(Validators.notModified(ETAG, null, null, MODIFIED));
  }

  @Test
  @DisplayName("If-Modified-Since at or after Last-Modified is not modified; before, or bad, is")
  void ifModifiedSince() {
    assertTrue(Validators.notModified(null, "Fri, 06 Nov 2026 08:49:37 GMT", ETAG, MODIFIED));
    assertTrue(Validators.notModified(null, "Sat, 07 Nov 2026 00:00:00 GMT", ETAG, MODIFIED));
    assertFalse(Validators.notModified(null, "Fri, 06 Nov 2026 08:49:36 GMT", ETAG, MODIFIED));
    assertFalse(Validators.notModified(null, "yesterday", ETAG, MODIFIED));
    assertFalse(Validators.notModified(null, "Fri, 06 Nov 2026 08:49:37 GMT", ETAG, null));
    assertFalse(Validators.notModified(null, null, ETAG, MODIFIED));
  }

  @Test
  @DisplayName("If-Modified-Since, If-Unmodified-Since and If-Range read the obsolete formats too")
  void obsoleteDateFormats() {
    assertTrue(Validators.notModified(null, "Friday, 06-Nov-26 08:49:37 GMT", ETAG, MODIFIED));
    assertTrue(Validators.notModified(null, "Fri Nov  6 08:49:37 2026", ETAG, MODIFIED));
    assertFalse(Validators.unmodifiedSince("Thursday, 05-Nov-26 08:49:37 GMT", MODIFIED));
    assertFalse(Validators.unmodifiedSince("Thu Nov  5 08:49:37 2026", MODIFIED));
    assertTrue(Validators.rangeApplies("Friday, 06-Nov-26 08:49:37 GMT", ETAG, MODIFIED));
    assertTrue(Validators.rangeApplies("Fri Nov  6 08:49:37 2026", ETAG, MODIFIED));
  }
}
