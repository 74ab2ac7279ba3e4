package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reel.delivery.domain.Preconditions.Outcome;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9110 section 13.2.2, on an object with ETag "v2" last modified 6 Nov 2026 08:49:37. */
class PreconditionsTest {

  private static final String ETAG = "\"v2\"";
  private static final Instant MODIFIED = Instant.parse("2026-11-06T08:49:37Z");
  private static final String AT = "Fri, 06 Nov 2026 08:49:37 GMT";
  private static final String BEFORE = "Fri, 06 Nov 2026 08:49:36 GMT";
  private static final String AFTER = "Sat, 07 Nov 2026 00:00:00 GMT";

  @ParameterizedTest(name = "If-Match: {0} -> {1}")
  @DisplayName("If-Match compares strongly: the same tag or * proceeds; another, or weak, fails")
  @CsvSource(delimiter = '|', value = {
      "\"v2\"            | PROCEED",
      "\"v1\", \"v2\"    | PROCEED",
      "*                 | PROCEED",
      "\"v1\"            | FAILED",
      "W/\"v2\"          | FAILED",
      "v2                | FAILED",
  })
  void ifMatch(String ifMatch, Outcome expected) {
    assertEquals(expected, evaluate(ifMatch, null, null, null));
  }

  @ParameterizedTest(name = "If-Unmodified-Since: {0} -> {1}")
  @DisplayName("If-Unmodified-Since fails only for a valid date before the last change")
  @CsvSource(delimiter = '|', value = {
      AT + "     | PROCEED",
      AFTER + "  | PROCEED",
      BEFORE + " | FAILED",
      "not a date | PROCEED",
  })
  void ifUnmodifiedSince(String since, Outcome expected) {
    assertEquals(expected, evaluate(null, since, null, null));
  }

  @ParameterizedTest(name = "{0} / {1} / {2} / {3} -> {4}")
  @DisplayName("the order of RFC 9110 13.2.2: If-Match before If-Unmodified-Since, both before "
      + "If-None-Match, which hides If-Modified-Since")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // A passing If-Match voids If-Unmodified-Since, whatever its date.
      "\"v2\" | " + BEFORE + " | -      | -      | PROCEED",
      // A failing If-Match is 412 even when If-None-Match would say 304.
      "\"v1\" | -              | \"v2\" | -      | FAILED",
      "-      | " + BEFORE + " | \"v2\" | -      | FAILED",
      "\"v2\" | -              | \"v2\" | -      | NOT_MODIFIED",
      "*      | -              | -      | " + AT + " | NOT_MODIFIED",
      "-      | " + AT + "     | \"v1\" | " + AT + " | PROCEED",
      "-      | -              | -      | " + BEFORE + " | PROCEED",
  })
  void order(String ifMatch, String ifUnmodifiedSince, String ifNoneMatch,
      String ifModifiedSince, Outcome expected) {
    assertEquals(expected, evaluate(ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince));
  }

  @ParameterizedTest(name = "If-Match: {0} without an ETag -> {1}")
  @DisplayName("an object without an ETag matches only If-Match: *")
  @CsvSource(delimiter = '|', value = {"* | PROCEED", "\"v2\" | FAILED"})
  void noEtag(String ifMatch, Outcome expected) {
    assertEquals(expected, new Preconditions(ifMatch, null, null, null, null)
        .evaluate(null, MODIFIED));
  }

  @ParameterizedTest(name = "If-None-Match: {0} without an ETag -> {1}")
  @DisplayName("an object without an ETag is matched by If-None-Match: * (it exists), by no tag")
  @CsvSource(delimiter = '|', value = {"* | NOT_MODIFIED", "\"v2\", * | NOT_MODIFIED",
      "\"v2\" | PROCEED"})
  void noEtagIfNoneMatch(String ifNoneMatch, Outcome expected) {
    assertEquals(expected, new Preconditions(null, null, ifNoneMatch, null, null)
        .evaluate(null, MODIFIED));
  }

  private static Outcome evaluate(String ifMatch, String ifUnmodifiedSince, String ifNoneMatch,
      String ifModifiedSince) {
    return new Preconditions(ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince, null)
        .evaluate(ETAG, MODIFIED);
  }
}
