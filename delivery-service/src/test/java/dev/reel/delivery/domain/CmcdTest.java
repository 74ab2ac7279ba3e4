package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CmcdTest {

  private static Map<String, String> parse(String... fields) {
    return Cmcd.parse(Arrays.asList(fields));
  }

  @Test
  @DisplayName("the CTA-5004 example reads into every key with its value as text")
  void specExample() {
    Map<String, String> cmcd = parse("bl=21300,br=3200,bs,cid=\"faec5fc2-ac30-11ea-bb37-"
        + "0242ac130002\",d=4004,dl=18500,mtp=48100,nor=\"..%2F300kbps%2Ftrack.m4v\","
        + "nrr=\"12323-48763\",ot=v,pr=1.08,rtp=12000,sf=d,sid=\"6e2fb550-c457-11e9-bb97-"
        + "0800200c9a66\",st=v,su,tb=6000,v=1");

    assertEquals(Map.ofEntries(Map.entry("bl", "21300"), Map.entry("br", "3200"),
        Map.entry("bs", "true"), Map.entry("cid", "faec5fc2-ac30-11ea-bb37-0242ac130002"),
        Map.entry("d", "4004"), Map.entry("dl", "18500"), Map.entry("mtp", "48100"),
        Map.entry("nor", "..%2F300kbps%2Ftrack.m4v"), Map.entry("nrr", "12323-48763"),
        Map.entry("ot", "v"), Map.entry("pr", "1.08"), Map.entry("rtp", "12000"),
        Map.entry("sf", "d"), Map.entry("sid", "6e2fb550-c457-11e9-bb97-0800200c9a66"),
        Map.entry("st", "v"), Map.entry("su", "true"), Map.entry("tb", "6000"),
        Map.entry("v", "1")), cmcd);
  }

  @Test
  @DisplayName("the four headers add up, and a key given twice keeps its last value")
  void headersMerge() {
    Map<String, String> cmcd = parse("bl=21300,br=3200", "d=4004,ot=av", "bs,rtp=15000",
        "sid=\"abc\",st=l", "br=4500");

    assertEquals(Map.of("bl", "21300", "br", "4500", "d", "4004", "ot", "av", "bs", "true",
        "rtp", "15000", "sid", "abc", "st", "l"), cmcd);
  }

  @Test
  @DisplayName("unknown keys, custom keys, wrongly typed and negative values are left out; the "
      + "rest stays")
  void unknownAndWrongTypes() {
    Map<String, String> cmcd = parse("com.example-myNumericKey=500,xyz=1,br=fast,d=4004.5,"
        + "ot=zz,sid=unquoted,bs=?0,su=maybe,tb=6000,pr=\"1\",bl=-5,mtp=-1,pr=-1.5");

    assertEquals(Map.of("bs", "false", "tb", "6000"), cmcd);
  }

  @Test
  @DisplayName("a comma inside a quoted string does not split it, and escapes are undone")
  void quotedStrings() {
    Map<String, String> cmcd = parse("cid=\"a,b\\\"c\\\\d\",br=100");

    assertEquals(Map.of("cid", "a,b\"c\\d", "br", "100"), cmcd);
  }

  @ParameterizedTest(name = "[{index}] '{0}'")
  @ValueSource(strings = {"", ",,,", "=", "br=", "br==1", "sid=\"unterminated", "BR=100",
      "br=1 2", "\"\"", "sid=\"\\x\"", "cid=\"é\"", "===,,,\"\"\"", "br=3200;x=1;y"})
  @DisplayName("garbage never throws and yields nothing, or only the valid members")
  void garbage(String field) {
    Map<String, String> cmcd = parse(field);

    assertTrue(cmcd.isEmpty() || cmcd.equals(Map.of("br", "3200")), cmcd.toString());
  }

  @Test
  @DisplayName("a broken member is skipped and reading goes on after the next comma")
  void resumesAfterBrokenMember() {
    assertEquals(Map.of("br", "3200", "d", "4004"), parse("br=3200,oops=\"x,y\"z,,d=4004"));
  }

  @Test
  @DisplayName("session and content ids longer than 64 characters are left out")
  void longIds() {
    String id = "x".repeat(65);

    assertEquals(Map.of(), parse("sid=\"" + id + "\",cid=\"" + id + "\""));
    assertEquals(Map.of("sid", id.substring(1)), parse("sid=\"" + id.substring(1) + "\""));
  }

  @Test
  @DisplayName("null fields, such as an absent header, are skipped")
  void nullFields() {
    assertEquals(Map.of("br", "1"), parse(null, "br=1", null));
  }

  @Test
  @DisplayName("the CMCD query parameter is found among others and percent-decoded")
  void queryValue() {
    assertEquals("bl=21300,br=3200,sid=\"6e2f\"", Cmcd.queryValue(
        "token=abc&CMCD=bl%3D21300%2Cbr%3D3200%2Csid%3D%226e2f%22&x=1"));
    assertNull(Cmcd.queryValue("cmcd=br%3D1"), "the parameter name is case-sensitive");
    assertNull(Cmcd.queryValue(null));
    assertNull(Cmcd.queryValue("CMCD=%zz"), "bad percent-encoding is no CMCD, not an error");
  }
}
