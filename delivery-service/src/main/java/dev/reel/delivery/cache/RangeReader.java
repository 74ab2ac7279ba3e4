package dev.reel.delivery.cache;

import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.ReadStream;

/**
 * One viewer's range of a cached object as a stream, on the viewer's own context and at the
 * viewer's pace: it reads only as fast as the response drains, follows a fill as its bytes
 * arrive, and reads what is only on disk on a worker thread. Paused until piped; closing it (the
 * viewer left) stops only this reader.
 */
final class RangeReader implements ReadStream<Buffer> {

  /** Largest read from a file at once. */
  static final int FILE_CHUNK = 256 * 1024;
  /** Largest buffer handed on at once from memory. */
  private static final long MEMORY_CHUNK = 1024 * 1024;
  /** Largest buffer gathered from a fill's chunks, and how many chunks at most. */
  private static final int GATHER_BYTES = 64 * 1024;
  private static final int GATHER_PARTS = 32;

  private final Context context;
  private final BodySource source;
  private final long end;
  private final Runnable onDone;
  private long position;
  private long demand;
  private boolean reading;
  private boolean done;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  /**
   * @param first the first byte of the range
   * @param length how many bytes from there
   * @param onDone run once when the reader ends, fails or is closed (it lets go of the source)
   */
  RangeReader(Context context, BodySource source, long first, long length, Runnable onDone) {
    this.context = context;
    this.source = source;
    this.position = first;
    this.end = first + length;
    this.onDone = onDone;
  }

  @Override
  public RangeReader exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public RangeReader handler(Handler<Buffer> handler) {
    this.handler = handler;
    if (handler != null) {
      pumpSoon();
    }
    return this;
  }

  @Override
  public RangeReader pause() {
    demand = 0;
    return this;
  }

  @Override
  public RangeReader resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public RangeReader fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    pumpSoon();
    return this;
  }

  @Override
  public RangeReader endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }

  /** The viewer went away: stop, and let go of the source. */
  void close() {
    if (!done) {
      done = true;
      onDone.run();
    }
  }

  private void pumpSoon() {
    context.runOnContext(v -> pump());
  }

  private void pump() {
    while (!done && !reading && demand > 0 && handler != null) {
      if (position >= end) {
        finish();
        return;
      }
      long wanted = end - position;
      BodySource.Slice slice = source.slice(position, Math.min(wanted, MEMORY_CHUNK), context,
          this::pump);
      if (slice instanceof BodySource.Bytes bytes) {
        if (!emitGathered(bytes.data())) {
          // The source has nothing more yet, and wakes this reader when it has.
          return;
        }
      } else if (slice instanceof BodySource.InFile inFile) {
        readFile((int) Math.min(wanted, inFile.length()));
        return;
      } else if (slice instanceof BodySource.Failed failed) {
        fail(failed.cause());
        return;
      } else {
        return;
      }
    }
  }

  /**
   * Hands on {@code first} together with the bytes that follow it and are at hand already, up to
   * {@value #GATHER_BYTES} bytes in {@value #GATHER_PARTS} parts at most, as one buffer: a fill's
   * bytes come in the origin's chunks of 8 KiB, and every buffer handed on costs the viewer's
   * socket a write of its own. The parts are not copied here (Netty copies the whole into one
   * direct buffer to write it, as it copies each chunk otherwise). Answers false if the source
   * had no more yet: it will wake this reader.
   */
  private boolean emitGathered(Buffer first) {
    long at = position + first.length();
    // Made only once a second part is at hand: a viewer following a fill live mostly finds one.
    CompositeByteBuf parts = null;
    boolean more = true;
    while (at - position < GATHER_BYTES && at < end
        && (parts == null || parts.numComponents() < GATHER_PARTS)) {
      BodySource.Slice next = source.slice(at,
          Math.min(end - at, GATHER_BYTES - (at - position)), context, this::pump);
      if (!(next instanceof BodySource.Bytes bytes)) {
        more = !(next instanceof BodySource.Pending);
        break;
      }
      if (parts == null) {
        parts = Unpooled.compositeBuffer(GATHER_PARTS);
        parts.addComponent(true, ((BufferInternal) first).getByteBuf());
      }
      parts.addComponent(true, ((BufferInternal) bytes.data()).getByteBuf());
      at += bytes.data().length();
    }
    emit(parts == null ? first : BufferInternal.buffer(parts));
    return more;
  }

  private void readFile(int length) {
    reading = true;
    long at = position;
    context.executeBlocking(() -> source.readBlocking(at, length), false)
        .onComplete(read -> {
          reading = false;
          if (done) {
            return;
          }
          if (read.failed()) {
            fail(read.cause());
          } else {
            emit(read.result());
            pump();
          }
        });
  }

  private void emit(Buffer data) {
    position += data.length();
    if (demand != Long.MAX_VALUE) {
      demand--;
    }
    handler.handle(data);
  }

  private void finish() {
    done = true;
    onDone.run();
    if (endHandler != null) {
      endHandler.handle(null);
    }
  }

  private void fail(Throwable cause) {
    done = true;
    onDone.run();
    if (exceptionHandler != null) {
      exceptionHandler.handle(cause);
    }
  }
}
