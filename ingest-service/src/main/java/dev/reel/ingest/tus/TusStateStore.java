package dev.reel.ingest.tus;

import dev.reel.common.event.EventCodec;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Where tus uploads keep their state: {@code uploads/tus/{assetId}.json} (a {@link TusUpload})
 * and its tail {@code uploads/tus/{assetId}.tail.{revision}}, the bytes after the last whole
 * part. Nothing about an upload lives in memory, so any ingest process, or the same one after a
 * restart, carries on where the last left off.
 */
public final class TusStateStore {

  public static final String PREFIX = "uploads/tus/";
  private static final String STATE_SUFFIX = ".json";

  private final TusStorage storage;

  public TusStateStore(TusStorage storage) {
    this.storage = storage;
  }

  public static String stateKey(String assetId) {
    return PREFIX + assetId + STATE_SUFFIX;
  }

  /** A new name per revision: the tail the current state points at is never overwritten. */
  public static String tailKey(String assetId, long revision) {
    return PREFIX + assetId + ".tail." + revision;
  }

  public Future<Optional<TusUpload>> load(String assetId) {
    return storage.get(stateKey(assetId)).map(bytes -> bytes.map(TusStateStore::fromJson));
  }

  public Future<Void> save(TusUpload upload) {
    return storage.putSmall(stateKey(upload.assetId()), EventCodec.toJson(upload),
        "application/json");
  }

  public Future<Void> putTail(String key, byte[] bytes) {
    return storage.putSmall(key, bytes, "application/octet-stream");
  }

  /** The upload's tail, checked against the length its state recorded. */
  public Future<byte[]> readTail(TusUpload upload) {
    if (upload.tailKey() == null) {
      return Future.succeededFuture(new byte[0]);
    }
    return storage.get(upload.tailKey()).map(bytes -> {
      byte[] tail = bytes.orElseThrow(() -> new IllegalStateException("upload "
          + upload.assetId() + ": tail " + upload.tailKey() + " is missing"));
      if (tail.length != upload.tailLength()) {
        throw new IllegalStateException("upload " + upload.assetId() + ": tail "
            + upload.tailKey() + " has " + tail.length + " bytes, the state says "
            + upload.tailLength());
      }
      return tail;
    });
  }

  /** Deletes every tail but the one the upload points at now: older ones, and orphans. */
  public Future<Void> removeOldTails(TusUpload upload) {
    return storage.list(PREFIX + upload.assetId() + ".tail.")
        .compose(keys -> Future.join(keys.stream()
            .filter(key -> !key.equals(upload.tailKey()))
            .map(storage::delete)
            .toList()))
        .mapEmpty();
  }

  /** Deletes the upload's tails, then its state: a removal cut short can simply run again. */
  public Future<Void> remove(String assetId) {
    return storage.list(PREFIX + assetId + ".tail.")
        .compose(keys -> Future.all(keys.stream().map(storage::delete).toList()))
        .compose(v -> storage.delete(stateKey(assetId)));
  }

  /** The ids of every upload with a state. */
  public Future<List<String>> assetIds() {
    return storage.list(PREFIX).map(keys -> keys.stream()
        .filter(key -> key.endsWith(STATE_SUFFIX))
        .map(key -> key.substring(PREFIX.length(), key.length() - STATE_SUFFIX.length()))
        .toList());
  }

  static TusUpload fromJson(byte[] json) {
    try {
      return EventCodec.json().readValue(json, TusUpload.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable tus upload state", e);
    }
  }
}
