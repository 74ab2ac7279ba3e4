package dev.reel.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VaryTest {

  @Test
  @DisplayName("fields go on one Vary line, each once, whatever its case")
  void oneLine() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();

    Vary.add(headers, "Origin");
    Vary.add(headers, "Accept-Encoding");
    Vary.add(headers, "origin");

    assertEquals(java.util.List.of("Origin, Accept-Encoding"), headers.getAll("vary"));
  }

  @Test
  @DisplayName("nothing is added to Vary: *, which already varies on everything")
  void star() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Vary", "*");

    Vary.add(headers, "Origin");

    assertEquals("*", headers.get("Vary"));
  }
}
