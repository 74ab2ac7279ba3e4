package dev.reel.delivery.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RequestQueryTest {

  private static final Set<String> SIGNING = Set.of("Expires", "Signature", "Key-Pair-Id",
      "Policy");

  @Test
  @DisplayName("the first value of a name, percent-decoded, with + left a plus")
  void firstValue() {
    RequestQuery query = RequestQuery.parse(
        "a=1&Expires=17&Signature=ab~c-_d&a=2&p=%2Fx%20y+z&flag&e=");
    assertEquals(Optional.of("1"), query.first("a"));
    assertEquals(Optional.of("17"), query.first("Expires"));
    assertEquals(Optional.of("ab~c-_d"), query.first("Signature"));
    assertEquals(Optional.of("/x y+z"), query.first("p"));
    assertEquals(Optional.of(""), query.first("flag"));
    assertEquals(Optional.of(""), query.first("e"));
    assertEquals(Optional.empty(), query.first("Expire"));
    assertEquals(Optional.empty(), query.first("Expires2"));
    assertEquals(Optional.empty(), query.first("expires"));
    assertTrue(query.has("flag"));
    assertFalse(query.has("Policy"));
  }

  @Test
  @DisplayName("a name is matched as written: an encoded name is another name")
  void namesAsWritten() {
    RequestQuery query = RequestQuery.parse("Key%2DPair%2DId=K1&Key-Pair-Id=K2");
    assertEquals(Optional.of("K2"), query.first("Key-Pair-Id"));
  }

  @Test
  @DisplayName("without the signing parameters, the rest keeps its order and spelling; empty "
      + "pairs are dropped")
  void without() {
    assertEquals("b=2&a=%41&flag", RequestQuery.parse(
        "b=2&Expires=1&&a=%41&Signature=x&flag&Key-Pair-Id=K&").without(SIGNING));
    assertEquals("", RequestQuery.parse("Expires=1&Signature=x&Key-Pair-Id=K")
        .without(SIGNING));
    assertEquals("Expires2=1&x=Expires", RequestQuery.parse(
        "Expires2=1&x=Expires&Policy=p").without(SIGNING));
  }

  @Test
  @DisplayName("no query, an empty one and one of ampersands have no parameters")
  void empty() {
    for (String raw : new String[] {null, "", "&", "&&&"}) {
      RequestQuery query = RequestQuery.parse(raw);
      assertEquals("", query.without(SIGNING), String.valueOf(raw));
      assertFalse(query.has(""), String.valueOf(raw));
      assertEquals(Optional.empty(), query.first("a"), String.valueOf(raw));
    }
  }

  @Test
  @DisplayName("more parameters than the first guess of room")
  void manyParameters() {
    StringBuilder raw = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      raw.append(i == 0 ? "" : "&").append("p").append(i).append('=').append(i);
    }
    RequestQuery query = RequestQuery.parse(raw.toString());
    assertEquals(Optional.of("39"), query.first("p39"));
    assertEquals(raw.toString(), query.without(SIGNING));
  }

  @Test
  @DisplayName("encode leaves RFC 3986's unreserved characters and writes every other byte as %XX")
  void encodesAllButUnreserved() {
    assertEquals("aZ09-._~", RequestQuery.encode("aZ09-._~"));
    assertEquals("a%3Db%26c%20d%2B%2F%25", RequestQuery.encode("a=b&c d+/%"));
    // UTF-8 bytes, in upper-case hex.
    assertEquals("caf%C3%A9%E2%82%AC", RequestQuery.encode("caf\u00e9\u20ac"));
  }

  @Test
  @DisplayName("in the query left to match, bytes over 127 that the server read one character "
      + "each are read as UTF-8, as they were signed; bytes that are not UTF-8 are kept as read")
  void rawUtf8Bytes() {
    String eAcuteAsRead = "\u00C3\u00A9";
    RequestQuery query = RequestQuery.parse("n=" + eAcuteAsRead + "&Expires=17");
    assertEquals("n=\u00E9", query.without(SIGNING));
    assertEquals("n=\u00E9", RequestQuery.parse("n=\u00E9").without(SIGNING));
    assertEquals("n=a\u00FFb", RequestQuery.parse("n=a\u00FFb").without(SIGNING));
  }
}
