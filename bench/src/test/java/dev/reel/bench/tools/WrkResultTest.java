package dev.reel.bench.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WrkResultTest {

  @Test
  void parsesTheLineTheLuaHookPrints() {
    String stdout = """
        Running 5s test @ http://127.0.0.1:18080/v1/media/x/source
          2 threads and 64 connections
        WRKJSON {"requests":1000,"duration_us":5000000,"bytes":4200000,"connect":0,"read":1,\
        "write":0,"status":3,"timeout":2,"p50_us":1500,"p99_us":12000,"max_us":30000}
        """;
    WrkResult result = WrkResult.parse(stdout);
    assertEquals(200.0, result.requestsPerSecond(), 1e-9);
    assertEquals(1.5, result.p50Millis(), 1e-9);
    assertEquals(12.0, result.p99Millis(), 1e-9);
    assertEquals(6, result.errors(), "read + status + timeout");
    assertEquals(3, result.statusErrors());
    assertEquals(3.0, result.figures().get("non2xx"));
  }

  @Test
  void noResultLineIsAnError() {
    assertThrows(IllegalStateException.class, () -> WrkResult.parse("unable to connect"));
  }

  @Test
  void theLuaScriptAsksForRandomSingleRanges() {
    assertTrue(Wrk.RANGES_LUA.contains("math.random(0, size - len)"));
    assertTrue(Wrk.RANGES_LUA.contains("bytes=%d-%d"));
    assertTrue(Wrk.RANGES_LUA.contains("e.status"));
  }
}
