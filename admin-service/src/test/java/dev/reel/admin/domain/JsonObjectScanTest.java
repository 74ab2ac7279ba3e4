package dev.reel.admin.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.reel.admin.domain.JsonObjectScan.Shape;
import dev.reel.common.event.EventCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonObjectScanTest {

  private final Random random = new Random(8259);

  @ParameterizedTest
  @ValueSource(strings = {"{}", " {} ", "{\"a\":1}", "{\"a\":[]}", "{\"a\":{}}",
      "{\"a\":[1,-2.5e+3,0,0.0,1E9,true,false,null,\"\",{\"b\":[[]]}]}",
      "{\"\\u00e9\\\"\\\\\\/\\b\\f\\n\\r\\t\":\"é€中🎬\"}", "\t{ \"a\" : 1 , \"b\" : [ 1 , 2 ] }\t"})
  @DisplayName("one object on one line is ONE_LINE")
  void oneLine(String json) {
    assertEquals(Shape.ONE_LINE, JsonObjectScan.of(json.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\n}", "\r\n{\"a\":1}", "{\"a\":1}\n", "{\"a\":[1,\r2]}"})
  @DisplayName("one object with a line break between its tokens is SEVERAL_LINES")
  void severalLines(String json) {
    assertEquals(Shape.SEVERAL_LINES, JsonObjectScan.of(json.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "[]", "[1,2]", "\"text\"", "42", "null", "{", "}", "{\"a\":1",
      "{\"a\":1}}", "{\"a\":1} {\"b\":2}", "{\"a\":}", "{'a':1}", "{a:1}", "{\"a\":1,}",
      "{\"a\":[1,]}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}",
      "{\"a\":+1}", "{\"a\":NaN}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\" 1}", "{\"a\":1 \"b\":2}",
      "{\"a\":\"x\ny\"}", "{\"a\":\"\u0001\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}",
      "{\"a\":\"\\u12\"}", "{\"a\":\"open}", "{/*c*/}", "{\"a\":1}//", "{\"a\":[}", "{\"a\":]}",
      "{\"a\":{]}", "{1:2}", "\u00a0{}"})
  @DisplayName("anything else is NOT_ONE_OBJECT")
  void notOneObject(String json) {
    assertEquals(Shape.NOT_ONE_OBJECT, JsonObjectScan.of(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("ill-formed UTF-8 in a string is NOT_ONE_OBJECT: overlong, surrogate, cut short, "
      + "a stray continuation byte, above U+10FFFF")
  void illFormedUtf8() {
    int[][] cases = {{0xC0, 0xAF}, {0xE0, 0x80, 0xAF}, {0xED, 0xA0, 0x80}, {0xE2, 0x82},
        {0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xFF}};
    for (int[] bad : cases) {
      byte[] json = new byte[8 + bad.length];
      byte[] start = "{\"a\":\"".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(start, 0, json, 0, start.length);
      for (int k = 0; k < bad.length; k++) {
        json[start.length + k] = (byte) bad[k];
      }
      json[json.length - 2] = '"';
      json[json.length - 1] = '}';
      assertEquals(Shape.NOT_ONE_OBJECT, JsonObjectScan.of(json));
    }
  }

  @Test
  @DisplayName("nesting up to the limit is read, one level more is refused")
  void depthLimit() throws IOException {
    String inside = "[".repeat(JsonObjectScan.MAX_DEPTH - 1) + "]".repeat(
        JsonObjectScan.MAX_DEPTH - 1);
    String deepest = "{\"a\":" + inside + "}";
    String tooDeep = "{\"a\":[" + inside + "]}";
    assertEquals(Shape.ONE_LINE, scan(deepest));
    assertEquals(Shape.NOT_ONE_OBJECT, scan(tooDeep));
    assertTrue(jacksonReadsOneObject(deepest.getBytes(StandardCharsets.UTF_8)));
    assertTrue(!jacksonReadsOneObject(tooDeep.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("5,000 random objects, written compactly or laid out, are read as Jackson reads them")
  void randomObjectsAgreeWithJackson() throws IOException {
    for (int i = 0; i < 5000; i++) {
      byte[] json = randomObject();
      Shape shape = JsonObjectScan.of(json);
      assertTrue(jacksonReadsOneObject(json), () -> text(json));
      assertEquals(hasLineBreak(json) ? Shape.SEVERAL_LINES : Shape.ONE_LINE, shape,
          () -> text(json));
    }
  }

  @Test
  @DisplayName("10,000 random objects with a byte changed, added, removed or cut off: refused "
      + "exactly where Jackson refuses them, except ill-formed UTF-8, refused here alone")
  void damagedObjectsAgreeWithJackson() throws IOException {
    for (int i = 0; i < 10_000; i++) {
      byte[] json = damage(randomObject());
      boolean accepted = JsonObjectScan.of(json) != Shape.NOT_ONE_OBJECT;
      // Only ill-formed UTF-8 may divide the two, and only as a refusal here.
      if (accepted || isUtf8(json)) {
        assertEquals(jacksonReadsOneObject(json), accepted, () -> text(json));
      }
    }
  }

  private static Shape scan(String json) {
    return JsonObjectScan.of(json.getBytes(StandardCharsets.UTF_8));
  }

  /** What the archiver checked before: Jackson's parser, one object, nothing after it. */
  private static boolean jacksonReadsOneObject(byte[] json) throws IOException {
    try (JsonParser parser = EventCodec.json().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return false;
    }
  }

  private byte[] randomObject() {
    StringBuilder out = new StringBuilder();
    object(out, 0);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void object(StringBuilder out, int depth) {
    space(out);
    out.append('{');
    for (int n = random.nextInt(depth == 0 ? 6 : 3), k = 0; k < n; k++) {
      if (k > 0) {
        out.append(',');
      }
      space(out);
      string(out);
      space(out);
      out.append(':');
      value(out, depth + 1);
    }
    space(out);
    out.append('}');
    space(out);
  }

  private void value(StringBuilder out, int depth) {
    space(out);
    int kind = random.nextInt(depth > 4 ? 6 : 8);
    switch (kind) {
      case 0 -> string(out);
      case 1 -> out.append(number());
      case 2 -> out.append("true");
      case 3 -> out.append("false");
      case 4 -> out.append("null");
      case 5 -> out.append(random.nextInt(1000));
      case 6 -> object(out, depth);
      default -> {
        out.append('[');
        for (int n = random.nextInt(4), k = 0; k < n; k++) {
          if (k > 0) {
            out.append(',');
          }
          value(out, depth + 1);
        }
        space(out);
        out.append(']');
      }
    }
    space(out);
  }

  private String number() {
    StringBuilder n = new StringBuilder();
    if (random.nextBoolean()) {
      n.append('-');
    }
    n.append(random.nextInt(4) == 0 ? "0" : String.valueOf(1 + random.nextInt(99999)));
    if (random.nextBoolean()) {
      n.append('.').append(random.nextInt(1000));
    }
    if (random.nextInt(3) == 0) {
      n.append(random.nextBoolean() ? 'e' : 'E').append(new String[] {"", "+", "-"}[
          random.nextInt(3)]).append(random.nextInt(300));
    }
    return n.toString();
  }

  private void string(StringBuilder out) {
    String[] pieces = {"a", "Z", " ", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
        "\\u00e9", "\\uD83C\\uDFAC", "é", "€", "中", "🎬", "ÿ", "'", "{", "]", ":", ","};
    out.append('"');
    for (int n = random.nextInt(8); n > 0; n--) {
      out.append(pieces[random.nextInt(pieces.length)]);
    }
    out.append('"');
  }

  private void space(StringBuilder out) {
    if (random.nextInt(5) == 0) {
      out.append(new String[] {" ", "\t", "\n", "\r\n", "  "}[random.nextInt(5)]);
    }
  }

  private byte[] damage(byte[] json) {
    int at = random.nextInt(json.length);
    byte[] pool = "{}[]\":,.-+eE0129 \t\nntfu\\/a".getBytes(StandardCharsets.US_ASCII);
    byte some = random.nextInt(8) == 0 ? (byte) random.nextInt(256)
        : pool[random.nextInt(pool.length)];
    ByteBuffer out = ByteBuffer.allocate(json.length + 1);
    switch (random.nextInt(4)) {
      case 0 -> {
        out.put(json);
        out.put(at, some);
      }
      case 1 -> out.put(json, 0, at).put(some).put(json, at, json.length - at);
      case 2 -> out.put(json, 0, at).put(json, at + 1, json.length - at - 1);
      default -> out.put(json, 0, at);
    }
    byte[] damaged = new byte[out.position()];
    out.flip().get(damaged);
    return damaged;
  }

  private static boolean hasLineBreak(byte[] json) {
    for (byte b : json) {
      if (b == '\n' || b == '\r') {
        return true;
      }
    }
    return false;
  }

  private static boolean isUtf8(byte[] json) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }
}
