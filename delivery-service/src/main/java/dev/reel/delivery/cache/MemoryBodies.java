package dev.reel.delivery.cache;

import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.storage.OriginBody;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

/**
 * Bodies over bytes already in memory: the edge cache's memory level, or a store whose objects
 * are made on the spot (a manifest rewritten for one viewer). Read at the viewer's pace, so they
 * behave like any other body on the way out. No origin is asked for them, so they count as the
 * cache's: where the bytes they were made from came from is recorded when those were opened.
 */
public final class MemoryBodies {

  private MemoryBodies() {
  }

  /** The bytes of {@code range} of {@code body}, streamed on {@code context}. */
  public static OriginBody of(Context context, Buffer body, ByteRange range) {
    RangeReader reader = new RangeReader(context, BodySource.of(body), range.first(),
        range.length(), () -> { });
    return new OriginBody(reader, reader::close).fromCache();
  }
}
