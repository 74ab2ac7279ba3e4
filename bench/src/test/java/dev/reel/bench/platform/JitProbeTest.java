package dev.reel.bench.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JitProbeTest {

  @Test
  void readsTheCompiledColumn() {
    assertEquals(11227, JitProbe.parse("""
        Compiled Failed Invalid   Time   FailedType FailedMethod
           11227      1       0    80.01          1 java/util/concurrent/ConcurrentHashMap transfer
        """));
  }

  @Test
  void anythingElseIsUnknown() {
    assertEquals(-1, JitProbe.parse("12345: Could not attach"));
  }
}
