package dev.reel.delivery.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;

class ResourcePatternTest {

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @DisplayName("'*' matches any run of characters, '?' exactly one, the rest only itself")
  @CsvSource({
      "https://m.test/v1/media/a/*, https://m.test/v1/media/a/master.m3u8, true",
      "https://m.test/v1/media/a/*, https://m.test/v1/media/a/cmaf/360p/seg_00001.m4s, true",
      "https://m.test/v1/media/a/*, https://m.test/v1/media/a/, true",
      "https://m.test/v1/media/a/*, https://m.test/v1/media/ab/master.m3u8, false",
      "https://m.test/v1/media/a/*, http://m.test/v1/media/a/master.m3u8, false",
      "http*://m.test/v1/media/a/*, https://m.test/v1/media/a/x, true",
      "*, anything at all, true",
      "https://m.test/*/thumbs/*.jpg, https://m.test/v1/media/a/thumbs/poster.jpg, true",
      "https://m.test/*/thumbs/*.jpg, https://m.test/v1/media/a/thumbs/poster.jpeg, false",
      "https://m.test/v1/media/a/seg_0000?.m4s, https://m.test/v1/media/a/seg_00001.m4s, true",
      "https://m.test/v1/media/a/seg_0000?.m4s, https://m.test/v1/media/a/seg_0001.m4s, false",
      "https://m.test/v1/media/a/source, https://m.test/v1/media/a/source, true",
      "https://m.test/v1/media/a/source, https://m.test/v1/media/a/source2, false",
      "https://m.test/v1/media/A/*, https://m.test/v1/media/a/source, false",
      "*a*a*a*a*b, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false"})
  void matches(String pattern, String url, boolean expected) {
    assertEquals(expected, new ResourcePattern(pattern).matches(url));
  }
}
