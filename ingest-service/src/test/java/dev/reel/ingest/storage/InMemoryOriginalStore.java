package dev.reel.ingest.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link OriginalStore} in memory, small objects only, for unit tests. */
public final class InMemoryOriginalStore implements OriginalStore {

  public final Map<String, byte[]> objects = new TreeMap<>();

  @Override
  public Future<StoredObject> write(String key, ReadStream<Buffer> body,
      AttributesFromHead attributes, long maxBytes) {
    throw new UnsupportedOperationException("streaming writes are not needed here");
  }

  @Override
  public Future<Void> putSmall(String key, byte[] bytes, String contentType) {
    objects.put(key, bytes.clone());
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> putSmallIfAbsent(String key, byte[] bytes, String contentType) {
    return Future.succeededFuture(objects.putIfAbsent(key, bytes.clone()) == null);
  }

  @Override
  public Future<Optional<byte[]>> getSmall(String key) {
    return Future.succeededFuture(Optional.ofNullable(objects.get(key)).map(byte[]::clone));
  }

  @Override
  public Future<List<String>> list(String prefix, int max) {
    return keys(prefix).map(keys -> keys.subList(0, Math.min(max, keys.size())));
  }

  @Override
  public Future<List<String>> keys(String prefix) {
    return Future.succeededFuture(objects.keySet().stream()
        .filter(key -> key.startsWith(prefix)).toList());
  }

  @Override
  public Future<Boolean> exists(String key) {
    return Future.succeededFuture(objects.containsKey(key));
  }

  @Override
  public Future<Void> delete(String key) {
    objects.remove(key);
    return Future.succeededFuture();
  }
}
