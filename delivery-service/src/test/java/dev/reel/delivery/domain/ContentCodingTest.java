package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentCodingTest {

  private static final Set<ContentCoding> BOTH = EnumSet.allOf(ContentCoding.class);

  @ParameterizedTest(name = "Accept-Encoding: {0} -> {1}")
  @DisplayName("the coding the client weights highest wins, br on a tie; none means identity")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "gzip, deflate, br             | br",
      "gzip, deflate                 | gzip",
      "GZIP                          | gzip",
      "x-gzip                        | gzip",
      "br;q=0.5, gzip                | gzip",
      "br;q=1.0, gzip;q=0.9          | br",
      "gzip;q=0, br;q=0              | -",
      "*                             | br",
      "*;q=0.1, gzip;q=0.5           | gzip",
      "gzip;q=0.5, identity          | -",
      "identity                      | -",
      "deflate                       | -",
      "''                            | -",
      "gzip;q=2, br;q=abc            | -",
      "gzip ; q=0.8 , br ; Q=0.7     | gzip",
  })
  void negotiate(String acceptEncoding, String expected) {
    assertEquals(Optional.ofNullable(expected),
        ContentCoding.negotiate(acceptEncoding, BOTH).map(ContentCoding::token));
  }

  @Test
  @DisplayName("no Accept-Encoding header means identity")
  void absent() {
    assertEquals(Optional.empty(), ContentCoding.negotiate(null, BOTH));
  }

  @Test
  @DisplayName("a coding the server cannot produce is never chosen")
  void unavailable() {
    assertEquals(Optional.of(ContentCoding.GZIP),
        ContentCoding.negotiate("br, gzip;q=0.1", EnumSet.of(ContentCoding.GZIP)));
    assertEquals(Optional.empty(),
        ContentCoding.negotiate("br", EnumSet.of(ContentCoding.GZIP)));
  }

  @Test
  @DisplayName("a coded representation's ETag has the coding inside the quotes")
  void etag() {
    assertEquals("\"abc-gzip\"", ContentCoding.GZIP.etagOf("\"abc\""));
    assertEquals("W/\"abc-br\"", ContentCoding.BR.etagOf("W/\"abc\""));
    assertEquals(null, ContentCoding.GZIP.etagOf(null));
  }
}
