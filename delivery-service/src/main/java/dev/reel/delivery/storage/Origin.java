package dev.reel.delivery.storage;

import io.vertx.core.Future;
import java.util.Optional;

/** The object store behind the edge cache: what it describes and opens, and a whole fetch. */
public interface Origin extends MediaStore {

  /**
   * The whole object in one request: what it is, from the answer's headers, and its bytes,
   * paused until read. Empty if there is no such object. One round trip where describing and
   * then opening would take two, which is what a cold request waits for.
   */
  Future<Optional<Fetched>> fetch(String key);

  /** An object as the origin answered it. */
  record Fetched(ObjectInfo info, OriginBody body) {
  }
}
