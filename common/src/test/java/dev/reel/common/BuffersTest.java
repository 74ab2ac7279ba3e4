package dev.reel.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BuffersTest {

  @Test
  @DisplayName("copy takes a chunk from any index, as much as fits, and advances the buffer")
  void copiesWhatFits() {
    byte[] bytes = new byte[1000];
    Arrays.fill(bytes, (byte) 7);
    bytes[300] = 1;
    ByteBuffer target = ByteBuffer.allocateDirect(500);
    target.position(200);

    int copied = Buffers.copy(Buffer.buffer(bytes), 300, target);

    assertEquals(300, copied);
    assertEquals(500, target.position());
    assertEquals(500, target.limit());
    assertEquals(1, target.get(200));
    assertEquals(0, Buffers.copy(Buffer.buffer(bytes), 0, target));
  }

  @Test
  @DisplayName("copy reads a slice of a buffer from the slice's own start")
  void copiesFromSlices() {
    Buffer whole = Buffer.buffer("0123456789");
    ByteBuffer target = ByteBuffer.allocateDirect(16);

    int copied = Buffers.copy(whole.slice(4, 8), 1, target);

    byte[] out = new byte[copied];
    target.flip().get(out);
    assertArrayEquals("567".getBytes(), out);
  }
}
