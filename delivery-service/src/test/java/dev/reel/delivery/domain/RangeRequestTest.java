package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RangeRequest#parse} against RFC 9110 section 14, on a 100-byte body unless stated. */
class RangeRequestTest {

  private static final long LENGTH = 100;

  private static ByteRange partial(RangeRequest request) {
    return assertInstanceOf(RangeRequest.Partial.class, request).range();
  }

  private static void assertPartial(String header, long first, long last) {
    assertEquals(new ByteRange(first, last, LENGTH), partial(RangeRequest.parse(header, LENGTH)),
        () -> "Range: " + header);
  }

  private static void assertUnsatisfiable(String header, long length) {
    RangeRequest request = RangeRequest.parse(header, length);
    assertEquals(new RangeRequest.Unsatisfiable(length), request, () -> "Range: " + header);
  }

  private static void assertWhole(String header) {
    assertEquals(new RangeRequest.Whole(), RangeRequest.parse(header, LENGTH),
        () -> "Range: " + header);
  }

  @Test
  @DisplayName("an absent Range header asks for the whole body")
  void absentHeaderIsWhole() {
    assertWhole(null);
  }

  @ParameterizedTest(name = "{0} -> bytes {1}-{2}")
  @DisplayName("a satisfiable range is served as exactly the bytes it names")
  @CsvSource(delimiter = '|', value = {
      "bytes=0-0   | 0  | 0",
      "bytes=0-99  | 0  | 99",
      "bytes=10-19 | 10 | 19",
      "bytes=99-99 | 99 | 99",
  })
  void satisfiableRange(String header, long first, long last) {
    assertPartial(header, first, last);
  }

  @ParameterizedTest(name = "{0} -> bytes {1}-{2}")
  @DisplayName("an open-ended range runs to the last byte")
  @CsvSource(delimiter = '|', value = {
      "bytes=0-  | 0  | 99",
      "bytes=50- | 50 | 99",
      "bytes=99- | 99 | 99",
  })
  void openEndedRange(String header, long first, long last) {
    assertPartial(header, first, last);
  }

  @ParameterizedTest(name = "{0} -> bytes {1}-{2}")
  @DisplayName("a suffix range names the last N bytes, the whole body when N >= length")
  @CsvSource(delimiter = '|', value = {
      "bytes=-1   | 99 | 99",
      "bytes=-10  | 90 | 99",
      "bytes=-100 | 0  | 99",
      "bytes=-101 | 0  | 99",
      "bytes=-99999999999999999999 | 0 | 99",
  })
  void suffixRange(String header, long first, long last) {
    assertPartial(header, first, last);
  }

  @ParameterizedTest(name = "{0} -> bytes {1}-{2}")
  @DisplayName("a last-pos past the end is clipped to the last byte")
  @CsvSource(delimiter = '|', value = {
      "bytes=0-100 | 0  | 99",
      "bytes=50-1000 | 50 | 99",
      "bytes=0-99999999999999999999 | 0 | 99",
  })
  void lastPosPastEndIsClipped(String header, long first, long last) {
    assertPartial(header, first, last);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a first-pos at or past the end is unsatisfiable")
  @ValueSource(strings = {"bytes=100-", "bytes=100-100", "bytes=100-200", "bytes=5000-",
      "bytes=99999999999999999999-"})
  void firstPosAtOrPastEndIsUnsatisfiable(String header) {
    assertUnsatisfiable(header, LENGTH);
  }

  @Test
  @DisplayName("an unsatisfiable answer carries Content-Range 'bytes */length'")
  void unsatisfiableContentRange() {
    RangeRequest request = RangeRequest.parse("bytes=100-", LENGTH);
    assertEquals("bytes */100",
        assertInstanceOf(RangeRequest.Unsatisfiable.class, request).contentRange());
  }

  @Test
  @DisplayName("a zero-length suffix (bytes=-0) is unsatisfiable")
  void zeroSuffixIsUnsatisfiable() {
    assertUnsatisfiable("bytes=-0", LENGTH);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("any range of a zero-length body is unsatisfiable")
  @ValueSource(strings = {"bytes=0-", "bytes=0-0", "bytes=0-99", "bytes=-1", "bytes=-0"})
  void anyRangeOfEmptyBodyIsUnsatisfiable(String header) {
    assertUnsatisfiable(header, 0);
  }

  @Test
  @DisplayName("the unsatisfiable Content-Range of an empty body is 'bytes */0'")
  void emptyBodyContentRange() {
    RangeRequest request = RangeRequest.parse("bytes=0-", 0);
    assertEquals("bytes */0",
        assertInstanceOf(RangeRequest.Unsatisfiable.class, request).contentRange());
  }

  @Test
  @DisplayName("an absent header on a zero-length body is still the whole body")
  void absentHeaderOnEmptyBodyIsWhole() {
    assertEquals(new RangeRequest.Whole(), RangeRequest.parse(null, 0));
  }

  @ParameterizedTest(name = "{0} -> bytes {1}-{2}")
  @DisplayName("leading zeros do not change a position")
  @CsvSource(delimiter = '|', value = {
      "bytes=000-009 | 0 | 9",
      "bytes=0010-0019 | 10 | 19",
      "bytes=-0005 | 95 | 99",
      "bytes=0000000000000000000000001-0000000000000000000000002 | 1 | 2",
  })
  void leadingZeros(String header, long first, long last) {
    assertPartial(header, first, last);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("whitespace around the header value is tolerated")
  @ValueSource(strings = {" bytes=0-9", "bytes=0-9 ", "\tbytes=0-9\t", "  bytes=0-9  "})
  void whitespaceAround(String header) {
    assertPartial(header, 0, 9);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("the range unit is matched case-insensitively")
  @ValueSource(strings = {"Bytes=0-9", "BYTES=0-9", "bYtEs=0-9"})
  void unitIsCaseInsensitive(String header) {
    assertPartial(header, 0, 9);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a range in another unit is ignored: whole body")
  @ValueSource(strings = {"items=0-1", "byte=0-1", "bytesx=0-1", "=0-1"})
  void otherUnitIsWhole(String header) {
    assertWhole(header);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("a syntactically invalid range is ignored: whole body")
  @ValueSource(strings = {"", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-2", "bytes 0-1",
      "bytes=0", "bytes=1-2-3", "bytes=0 - 9", "bytes=+1-2", "bytes=-1-", "bytes=0x10-0x20",
      "bytes=\u0661-\u0662"})
  void malformedIsWhole(String header) {
    assertWhole(header);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("several ranges are (for now) answered with the whole body")
  @ValueSource(strings = {"bytes=0-1,5-6", "bytes=0-1, 5-6", "bytes=-1,0-0"})
  void multipleRangesAreWhole(String header) {
    assertWhole(header);
  }
}
