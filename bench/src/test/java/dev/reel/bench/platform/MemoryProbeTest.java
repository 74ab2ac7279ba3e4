package dev.reel.bench.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemoryProbeTest {

  @Test
  void sumsTheHeapPoolsOnly() {
    String metrics = """
        # HELP jvm_memory_used_bytes The amount of used memory
        # TYPE jvm_memory_used_bytes gauge
        jvm_memory_used_bytes{area="heap",id="G1 Eden Space",service="ingest"} 1048576.0
        jvm_memory_used_bytes{area="heap",id="G1 Old Gen",service="ingest"} 2097152.0
        jvm_memory_used_bytes{area="nonheap",id="Metaspace",service="ingest"} 9.9E7
        jvm_memory_max_bytes{area="heap",id="G1 Old Gen",service="ingest"} 4.0E8
        """;
    assertEquals(3 * 1048576.0, MemoryProbe.heapUsedBytes(metrics));
  }

  @Test
  void readsTheTotalOfAClassHistogram() {
    String histogram = """
        12345:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:         48390       13684656  [B (java.base@17.0.15)
           2:         10204        1220960  java.lang.Class (java.base@17.0.15)
        Total        275457       15152392
        """;
    assertEquals(15152392.0, MemoryProbe.histogramTotalBytes(histogram));
  }

  @Test
  void readsTheDirectBufferPool() {
    String metrics = """
        jvm_buffer_memory_used_bytes{id="direct",service="ingest"} 2.5165824E7
        jvm_buffer_memory_used_bytes{id="mapped",service="ingest"} 4096.0
        jvm_buffer_total_capacity_bytes{id="direct",service="ingest"} 2.5165824E7
        """;
    assertEquals(24 * 1048576.0, MemoryProbe.directBufferBytes(metrics));
  }
}
