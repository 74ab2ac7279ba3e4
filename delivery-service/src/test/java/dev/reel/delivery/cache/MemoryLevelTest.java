package dev.reel.delivery.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.reel.delivery.storage.ObjectInfo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MemoryLevelTest {

  private static MemoryLevel.Entry entry(String etag, int size) {
    return new MemoryLevel.Entry("k", new ObjectInfo(size, etag, null, null), Buffer.buffer(
        new byte[size]));
  }

  @Test
  @DisplayName("the memory level stays within its bytes, evicting the least recently used")
  void bound() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MemoryLevel memory = new MemoryLevel(1000, new CacheMetrics(registry));
    memory.put("a", entry("\"1\"", 400));
    memory.put("b", entry("\"1\"", 400));
    memory.get("a", "\"1\"");

    memory.put("c", entry("\"1\"", 400));

    assertEquals(800, memory.bytes());
    assertNull(memory.get("b", "\"1\""));
    assertNotNull(memory.get("a", "\"1\""));
    assertEquals(1, registry.find("reel.delivery.cache.evictions").counter().count());
  }

  @Test
  @DisplayName("an entry is found only at its own ETag")
  void version() {
    MemoryLevel memory = new MemoryLevel(1000, new CacheMetrics(new SimpleMeterRegistry()));
    memory.put("a", entry("\"1\"", 10));

    assertNull(memory.get("a", "\"2\""));
    assertNotNull(memory.get("a", "\"1\""));
  }
}
