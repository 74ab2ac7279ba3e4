package dev.reel.delivery.storage;

import dev.reel.delivery.domain.ByteRange;
import io.vertx.core.Future;
import java.util.Optional;

/** The storage operations delivery needs. */
public interface MediaStore {

  /** The object's length and validators, or empty if there is no such object. */
  Future<Optional<ObjectInfo>> describe(String key);

  /** Opens exactly {@code range} of the object for streaming. */
  Future<OriginBody> open(String key, ByteRange range);
}
