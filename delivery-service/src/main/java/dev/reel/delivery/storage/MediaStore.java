package dev.reel.delivery.storage;

import dev.reel.delivery.domain.ByteRange;
import io.vertx.core.Future;
import java.util.Optional;

/** The storage operations delivery needs. */
public interface MediaStore {

  /** The object's length and validators, or empty if there is no such object. */
  Future<Optional<ObjectInfo>> describe(String key);

  /**
   * What a HEAD needs: the object's length and validators, without fetching its bytes. A store
   * that describes an object by fetching it (an edge cache on a miss, where one GET answers
   * both) asks for the description alone here.
   */
  default Future<Optional<ObjectInfo>> describeOnly(String key) {
    return describe(key);
  }

  /**
   * Whether a GET of version {@code etag} of the object would now be served without asking the
   * origin (a cache holds its bytes, or is fetching them already). A store without a cache never
   * does.
   */
  default boolean holds(String key, String etag) {
    return false;
  }

  /** Opens exactly {@code range} of the object for streaming. */
  Future<OriginBody> open(String key, ByteRange range);

  /**
   * The same, for the second or a later range of a multipart answer, whose first range was
   * opened with {@link #open}: a store that counts hits and misses counts one per request.
   */
  default Future<OriginBody> openAnotherPart(String key, ByteRange range) {
    return open(key, range);
  }
}
