package dev.reel.ingest.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PartBuffersTest {

  private static final int PART = 64 * 1024;

  @Test
  @DisplayName("a buffer given back is handed out again, empty, for a part of the same size")
  void reusesGivenBuffers() {
    PartBuffers buffers = new PartBuffers(3L * PART);
    ByteBuffer first = buffers.take(PART);
    first.put(new byte[100]);

    buffers.give(first);
    ByteBuffer again = buffers.take(PART);

    assertSame(first, again);
    assertEquals(0, again.position());
    assertEquals(PART, again.limit());
    assertTrue(again.isDirect());
    assertEquals(0, buffers.idleBytes());
  }

  @Test
  @DisplayName("a part of another size gets a buffer of its own size")
  void matchesTheCapacity() {
    PartBuffers buffers = new PartBuffers(3L * PART);
    ByteBuffer large = buffers.take(PART);
    buffers.give(large);

    ByteBuffer small = buffers.take(PART / 2);

    assertNotSame(large, small);
    assertEquals(PART / 2, small.capacity());
    assertEquals(PART, buffers.idleBytes());
  }

  @Test
  @DisplayName("idle buffers beyond the bound are dropped, the least recently given first")
  void boundsWhatItKeeps() {
    PartBuffers buffers = new PartBuffers(2L * PART);
    ByteBuffer a = buffers.take(PART);
    ByteBuffer b = buffers.take(PART);
    ByteBuffer c = buffers.take(PART);

    buffers.give(a);
    buffers.give(b);
    buffers.give(c);

    assertEquals(2L * PART, buffers.idleBytes());
    assertSame(c, buffers.take(PART));
    assertSame(b, buffers.take(PART));
    assertNotSame(a, buffers.take(PART));
  }
}
