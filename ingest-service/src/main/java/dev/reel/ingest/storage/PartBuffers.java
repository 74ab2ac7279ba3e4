package dev.reel.ingest.storage;

import dev.reel.common.event.Nullable;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Direct buffers of one S3 part each, reused from upload to upload. A part's bytes are copied
 * once, from the request into one of these, and the S3 client writes them to its socket from
 * there: a streaming upload allocates nothing per part and next to nothing per chunk, and its
 * memory does not grow with its size. An upload holds at most one buffer filling plus one per
 * part in flight; a buffer comes back with {@link #give} once S3 has answered for its part.
 *
 * <p>Up to {@code maxIdleBytes} of buffers are kept for the next uploads, the most recently
 * given first; beyond that a buffer is dropped and its memory is freed with its (small) heap
 * object by the next GC. Buffers live outside the heap: they count in the process's RSS and
 * in {@code jvm.buffer.memory.used{id=direct}}, not in heap use. Thread-safe.
 */
public final class PartBuffers {

  /** Direct memory ran out: the process has too many uploads in progress. */
  public static final class Exhausted extends RuntimeException {
    Exhausted(int capacity, OutOfMemoryError cause) {
      super("no memory for another part buffer of " + capacity + " bytes: too many uploads "
          + "in progress", cause);
    }
  }

  private final long maxIdleBytes;
  private final Deque<ByteBuffer> idle = new ArrayDeque<>();
  private long idleBytes;

  public PartBuffers(long maxIdleBytes) {
    if (maxIdleBytes < 0) {
      throw new IllegalArgumentException("maxIdleBytes must be >= 0, was " + maxIdleBytes);
    }
    this.maxIdleBytes = maxIdleBytes;
  }

  /**
   * An empty buffer of exactly {@code capacity} bytes (position 0, limit = capacity).
   *
   * @throws Exhausted when no direct memory is left for a new one
   */
  public ByteBuffer take(int capacity) {
    synchronized (this) {
      for (Iterator<ByteBuffer> it = idle.iterator(); it.hasNext(); ) {
        ByteBuffer buffer = it.next();
        if (buffer.capacity() == capacity) {
          it.remove();
          idleBytes -= capacity;
          return buffer.clear();
        }
      }
    }
    try {
      return ByteBuffer.allocateDirect(capacity);
    } catch (OutOfMemoryError directMemoryFull) {
      // Thrown by the direct-memory reservation (after it tried a GC), not by a full heap.
      throw new Exhausted(capacity, directMemoryFull);
    }
  }

  /**
   * Takes a buffer back for reuse. Only give a buffer nothing reads any more: after a failed
   * S3 request, a write of it may still be pending on a connection being torn down.
   */
  public void give(@Nullable ByteBuffer buffer) {
    if (buffer == null || !buffer.isDirect() || buffer.capacity() > maxIdleBytes) {
      return;
    }
    synchronized (this) {
      idle.addFirst(buffer);
      idleBytes += buffer.capacity();
      while (idleBytes > maxIdleBytes) {
        idleBytes -= idle.removeLast().capacity();
      }
    }
  }

  /** Bytes held for reuse right now. */
  public synchronized long idleBytes() {
    return idleBytes;
  }
}
