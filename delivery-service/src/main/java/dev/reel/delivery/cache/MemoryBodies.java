package dev.reel.delivery.cache;

import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.storage.OriginBody;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

/**
 * Bodies over bytes already in memory, for a store whose objects are made on the spot (a
 * manifest rewritten for one viewer): read at the viewer's pace by the same reader the edge
 * cache's memory level uses, so they behave like any other body on the way out.
 */
public final class MemoryBodies {

  private MemoryBodies() {
  }

  /**
   * The bytes of {@code range} of {@code body}, streamed on {@code context}.
   *
   * @param cacheHit whether the bytes were made from a body an edge cache had, so the access log
   *     still tells whether the origin was asked
   */
  public static OriginBody of(Context context, Buffer body, ByteRange range, boolean cacheHit) {
    RangeReader reader = new RangeReader(context, BodySource.of(body), range.first(),
        range.length(), () -> { });
    OriginBody opened = new OriginBody(reader, reader::close);
    return cacheHit ? opened.fromCache() : opened;
  }
}
