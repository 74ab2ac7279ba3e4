package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {

  @ParameterizedTest(name = "{0}-{1} of {2} -> {3}")
  @DisplayName("contentRange() is the Content-Range value of a 206 answer")
  @CsvSource(delimiter = '|', value = {
      "0  | 0  | 100 | bytes 0-0/100",
      "0  | 99 | 100 | bytes 0-99/100",
      "10 | 19 | 100 | bytes 10-19/100",
      "0  | 0  | 1   | bytes 0-0/1",
  })
  void contentRange(long first, long last, long length, String expected) {
    assertEquals(expected, new ByteRange(first, last, length).contentRange());
  }

  @ParameterizedTest(name = "{0}-{1} -> {2}")
  @DisplayName("rangeHeader() is the Range value asking the origin for exactly these bytes")
  @CsvSource(delimiter = '|', value = {
      "0  | 0  | bytes=0-0",
      "0  | 99 | bytes=0-99",
      "10 | 19 | bytes=10-19",
  })
  void rangeHeader(long first, long last, String expected) {
    assertEquals(expected, new ByteRange(first, last, 100).rangeHeader());
  }

  @ParameterizedTest(name = "{0}-{1} -> {2} bytes")
  @DisplayName("length() counts both ends (the range is inclusive)")
  @CsvSource(delimiter = '|', value = {
      "0  | 0  | 1",
      "0  | 99 | 100",
      "10 | 19 | 10",
      "99 | 99 | 1",
  })
  void length(long first, long last, long expected) {
    assertEquals(expected, new ByteRange(first, last, 100).length());
  }

  @Test
  @DisplayName("whole(n) spans bytes 0 to n-1")
  void whole() {
    assertEquals(new ByteRange(0, 99, 100), ByteRange.whole(100));
  }

  @ParameterizedTest(name = "{0}-{1} of {2}")
  @DisplayName("the constructor rejects a range that does not fit the body")
  @CsvSource(delimiter = '|', value = {
      "-1 | 5   | 100",  // negative first
      "5  | 4   | 100",  // last before first
      "0  | 100 | 100",  // last past the end
      "100 | 100 | 100", // first past the end
      "0  | 0   | 0",    // nothing fits an empty body
      "0  | -1  | 0",    // the "whole" of an empty body
  })
  void constructorRejectsInvalidRange(long first, long last, long length) {
    assertThrows(IllegalArgumentException.class, () -> new ByteRange(first, last, length));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @DisplayName("coalesce() merges ranges that overlap or touch, keeping the order they were asked "
      + "in")
  @CsvSource(delimiter = '|', value = {
      "0-9             | 0-9",
      "0-9,20-29       | 0-9,20-29",
      "20-29,0-9       | 20-29,0-9",
      "0-9,10-19       | 0-19",
      "0-9,11-19       | 0-9,11-19",
      "0-9,5-14        | 0-14",
      "10-19,0-99      | 0-99",
      "50-59,0-9,5-52  | 0-59",
      "50-59,0-9,30-39 | 50-59,0-9,30-39",
      "90-99,0-0,1-1   | 90-99,0-1",
      "5-5,5-5,5-5     | 5-5",
      "0-0,2-2,1-1     | 0-2",
  })
  void coalesce(String requested, String expected) {
    assertEquals(ranges(expected), ByteRange.coalesce(ranges(requested)));
  }

  @Test
  @DisplayName("coalesce() of no ranges is none")
  void coalesceNothing() {
    assertEquals(List.of(), ByteRange.coalesce(List.of()));
  }

  /** "a-b,c-d" as ranges of a 100-byte body. */
  private static List<ByteRange> ranges(String list) {
    return Arrays.stream(list.split(",")).map(spec -> {
      String[] ends = spec.trim().split("-");
      return new ByteRange(Long.parseLong(ends[0]), Long.parseLong(ends[1]), 100);
    }).toList();
  }
}
