package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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

  @ParameterizedTest(name = "{0} -> {1}")
  @DisplayName("several ranges that stay apart after coalescing are a multipart answer, in the "
      + "order asked")
  @CsvSource(delimiter = '|', value = {
      "bytes=0-1,5-6        | 0-1,5-6",
      "bytes=0-1, 5-6       | 0-1,5-6",
      "bytes=50-59,0-9      | 50-59,0-9",
      "bytes=-10,0-9        | 90-99,0-9",
      "bytes=0-9,20-,-5     | 0-9,20-99",
      "bytes=0-9,,20-29,    | 0-9,20-29",
      "bytes=0-9,500-600,20-29 | 0-9,20-29",
  })
  void multipleRanges(String header, String expected) {
    RangeRequest request = RangeRequest.parse(header, LENGTH);
    assertEquals(ranges(expected),
        assertInstanceOf(RangeRequest.Multiple.class, request).ranges(), header);
  }

  @ParameterizedTest(name = "{0} -> bytes {1}-{2}")
  @DisplayName("several ranges that coalesce into one, or of which one is satisfiable, are a "
      + "plain 206")
  @CsvSource(delimiter = '|', value = {
      "bytes=0-9,10-19      | 0  | 19",
      "bytes=0-9,5-14,12-12 | 0  | 14",
      "bytes=-1,-5          | 95 | 99",
      "bytes=0-9,100-200    | 0  | 9",
      "bytes=500-,10-19     | 10 | 19",
      "bytes=0-,0-9,50-     | 0  | 99",
  })
  void rangesCoalescedIntoOne(String header, long first, long last) {
    assertPartial(header, first, last);
  }

  @Test
  @DisplayName("several ranges none of which is satisfiable answer 416")
  void severalUnsatisfiable() {
    assertUnsatisfiable("bytes=100-,200-300,-0", LENGTH);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("one invalid range makes the whole header invalid: whole body")
  @ValueSource(strings = {"bytes=0-1,abc", "bytes=0-1,5-2", "bytes=0-1,-", "bytes=,",
      "bytes=0-1;5-6", "bytes=0-1,5-6-7"})
  void oneInvalidRangeIsWhole(String header) {
    assertWhole(header);
  }

  @Test
  @DisplayName("16 parts after coalescing are a multipart answer; 17 are the whole body")
  void partCap() {
    assertEquals(RangeRequest.MAX_PARTS, assertInstanceOf(RangeRequest.Multiple.class,
        RangeRequest.parse(everyOtherByte(RangeRequest.MAX_PARTS), LENGTH)).ranges().size());
    assertWhole(everyOtherByte(RangeRequest.MAX_PARTS + 1));
  }

  @Test
  @DisplayName("many ranges that coalesce into few are served; more than 100 are not read")
  void specCap() {
    String adjacent = IntStream.range(0, 100).mapToObj(i -> i + "-" + i)
        .collect(Collectors.joining(",", "bytes=", ""));
    assertPartial(adjacent, 0, 99);
    assertWhole(adjacent + ",0-0");
  }

  private static String everyOtherByte(int count) {
    return IntStream.range(0, count).mapToObj(i -> (2 * i) + "-" + (2 * i))
        .collect(Collectors.joining(",", "bytes=", ""));
  }

  /** "a-b,c-d" as ranges of the 100-byte body. */
  private static List<ByteRange> ranges(String list) {
    return Arrays.stream(list.split(",")).map(spec -> {
      String[] ends = spec.trim().split("-");
      return new ByteRange(Long.parseLong(ends[0]), Long.parseLong(ends[1]), LENGTH);
    }).toList();
  }

  @Test
  @DisplayName("one Range field line is read as the header it is")
  void oneFieldLine() {
    assertEquals(new ByteRange(0, 9, LENGTH),
        partial(RangeRequest.parseLines(List.of("bytes=0-9"), LENGTH)));
    assertEquals(new RangeRequest.Whole(), RangeRequest.parseLines(List.of(), LENGTH));
  }

  @Test
  @DisplayName("two Range field lines make an invalid Range: the whole body, not the first line")
  void twoFieldLines() {
    assertEquals(new RangeRequest.Whole(),
        RangeRequest.parseLines(List.of("bytes=0-9", "bytes=20-29"), LENGTH));
    assertEquals(new RangeRequest.Whole(),
        RangeRequest.parseLines(List.of("bytes=0-9", "bytes=0-9"), LENGTH));
  }

  @Test
  @DisplayName("bytes=first-last, read by the short way, answers as the general parse does: "
      + "the same header with a space after '=' or a trailing comma goes the general way")
  void plainRangeAsTheGeneralParse() {
    java.util.Random random = new java.util.Random(6);
    long[] lengths = {0, 1, 2, 100, 4096, 67_108_864, Long.MAX_VALUE};
    for (int i = 0; i < 20_000; i++) {
      long length = lengths[random.nextInt(lengths.length)];
      String first = digits(random);
      String last = digits(random);
      String plain = "bytes=" + first + "-" + last;
      RangeRequest general = RangeRequest.parse("bytes= " + first + "-" + last, length);
      assertEquals(general, RangeRequest.parse(plain, length), () -> plain + " of " + length);
      assertEquals(general, RangeRequest.parse(plain + ",", length), () -> plain + ", of " + length);
    }
    assertPartial("bytes=007-0010", 7, 10);
    assertPartial("bytes=99-999999999999999999", 99, 99);
    assertPartial("bytes=0-9999999999999999999999", 0, 99);
    assertWhole("bytes=5-4");
    assertWhole("bytes=1-2x");
    assertUnsatisfiable("bytes=100-200", LENGTH);
  }

  /**
   * Positions past what a long holds are still numbers: a last position below the first is an
   * invalid range (ignored, RFC 9110 section 14.1.1), however many digits each has.
   */
  @Test
  void positionsPastALongAreComparedByValue() {
    assertWhole("bytes=100000000000000000000-99999999999999999999");
    assertWhole("bytes=0-1,100000000000000000001-100000000000000000000");
    assertWhole("bytes=0000100000000000000000000-99999999999999999999");
    assertUnsatisfiable("bytes=99999999999999999999-100000000000000000000", LENGTH);
    assertUnsatisfiable("bytes=100000000000000000000-100000000000000000000", LENGTH);
    assertUnsatisfiable("bytes=100000000000000000000-000100000000000000000000", LENGTH);
    assertPartial("bytes=5-99999999999999999999999999", 5, 99);
  }

  @Test
  void digitStringsCompareAsNumbers() {
    assertEquals(0, RangeRequest.compareDigits("0", "000"));
    assertEquals(0,
        RangeRequest.compareDigits("00123456789012345678901", "123456789012345678901"));
    assertTrue(RangeRequest.compareDigits("99999999999999999999", "100000000000000000000") < 0);
    assertTrue(RangeRequest.compareDigits("100000000000000000001", "100000000000000000000") > 0);
    assertTrue(RangeRequest.compareDigits("9", "10") < 0);
    assertTrue(RangeRequest.compareDigits("10", "9") > 0);
  }

  /** Positions around the lengths above, some with leading zeros, some past a long. */
  private static String digits(java.util.Random random) {
    String number = switch (random.nextInt(6)) {
      case 0 -> String.valueOf(random.nextInt(3));
      case 1 -> String.valueOf(random.nextInt(200));
      case 2 -> String.valueOf(random.nextInt(70_000_000));
      case 3 -> String.valueOf(Long.MAX_VALUE - random.nextInt(3));
      case 4 -> "9".repeat(18 + random.nextInt(3));
      default -> String.valueOf(4095 + random.nextInt(3));
    };
    return random.nextInt(8) == 0 ? "0" + number : number;
  }
}
