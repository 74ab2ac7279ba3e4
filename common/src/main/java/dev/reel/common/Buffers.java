package dev.reel.common;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;

/** Moving Vert.x buffers into NIO buffers without the copy Buffer's public API would make. */
public final class Buffers {

  private Buffers() {
  }

  /**
   * Copies bytes of {@code chunk} from index {@code from} into {@code target} at its position,
   * as many as fit; answers how many, and advances the target's position by that many.
   */
  public static int copy(Buffer chunk, int from, ByteBuffer target) {
    int count = Math.min(chunk.length() - from, target.remaining());
    if (count <= 0) {
      return 0;
    }
    // Buffer's public getBytes only fills a new or given byte[]; Netty's ByteBuf copies
    // straight into the direct buffer (its view costs a few dozen bytes, not a chunk's copy).
    ByteBuf bytes = ((BufferInternal) chunk).getByteBuf();
    int limit = target.limit();
    target.limit(target.position() + count);
    bytes.getBytes(bytes.readerIndex() + from, target);
    target.limit(limit);
    return count;
  }
}
