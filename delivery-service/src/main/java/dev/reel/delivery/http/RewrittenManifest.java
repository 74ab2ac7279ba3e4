package dev.reel.delivery.http;

import dev.reel.delivery.cache.MemoryBodies;
import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.storage.MediaStore;
import dev.reel.delivery.storage.ObjectInfo;
import dev.reel.delivery.storage.OriginBody;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * A store of one object: a manifest as rewritten for one signed request. Handing it to an
 * {@link ObjectResponder} answers the rewritten bytes with exactly the HTTP semantics of a stored
 * file (conditionals, ranges, codings, HEAD) instead of a second, partial copy of them.
 */
final class RewrittenManifest implements MediaStore {

  private final Vertx vertx;
  private final String key;
  private final ObjectInfo info;
  private final Buffer body;

  /** @param info the rewritten body's length and validators */
  RewrittenManifest(Vertx vertx, String key, ObjectInfo info, Buffer body) {
    if (info.length() != body.length()) {
      throw new IllegalArgumentException("info says " + info.length() + " bytes, body has "
          + body.length());
    }
    this.vertx = vertx;
    this.key = key;
    this.info = info;
    this.body = body;
  }

  @Override
  public Future<Optional<ObjectInfo>> describe(String wanted) {
    return Future.succeededFuture(wanted.equals(key) ? Optional.of(info) : Optional.empty());
  }

  @Override
  public Future<OriginBody> open(String wanted, ByteRange range) {
    if (!wanted.equals(key)) {
      return Future.failedFuture(new IllegalArgumentException("no object " + wanted));
    }
    return Future.succeededFuture(MemoryBodies.of(vertx.getOrCreateContext(), body, range));
  }
}
