package dev.reel.ingest.tus;

import dev.reel.ingest.storage.ObjectAttributes;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** {@link TusStorage} in memory: objects, multipart uploads and their parts, for unit tests. */
final class InMemoryTusStorage implements TusStorage {

  /** A multipart upload in progress. */
  static final class Multipart {
    final String key;
    final Instant initiated;
    final ObjectAttributes attributes;
    final Map<Integer, byte[]> parts = new TreeMap<>();

    Multipart(String key, Instant initiated, ObjectAttributes attributes) {
      this.key = key;
      this.initiated = initiated;
      this.attributes = attributes;
    }
  }

  final Map<String, byte[]> objects = new TreeMap<>();
  final Map<String, ObjectAttributes> attributes = new HashMap<>();
  final Map<String, Multipart> multiparts = new LinkedHashMap<>();
  Instant now = Instant.now();

  @Override
  public Future<Void> putSmall(String key, byte[] bytes, String contentType) {
    objects.put(key, bytes.clone());
    return Future.succeededFuture();
  }

  @Override
  public Future<Optional<byte[]>> get(String key) {
    return Future.succeededFuture(Optional.ofNullable(objects.get(key)).map(byte[]::clone));
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

  @Override
  public Future<List<String>> list(String prefix) {
    return Future.succeededFuture(objects.keySet().stream()
        .filter(key -> key.startsWith(prefix)).toList());
  }

  @Override
  public Future<String> putObject(String key, ByteBuffer bytes, ObjectAttributes attributes) {
    objects.put(key, copyOf(bytes));
    this.attributes.put(key, attributes);
    return Future.succeededFuture("\"etag-" + key + "\"");
  }

  @Override
  public Future<String> createMultipart(String key, ObjectAttributes attributes) {
    String uploadId = UUID.randomUUID().toString();
    multiparts.put(uploadId, new Multipart(key, now, attributes));
    return Future.succeededFuture(uploadId);
  }

  @Override
  public Future<String> uploadPart(String key, String uploadId, int partNumber,
      ByteBuffer bytes) {
    Multipart upload = multiparts.get(uploadId);
    if (upload == null || !upload.key.equals(key)) {
      return Future.failedFuture(new MultipartGone("no multipart upload " + uploadId));
    }
    byte[] part = copyOf(bytes);
    upload.parts.put(partNumber, part);
    return Future.succeededFuture("\"part-" + partNumber + "-" + part.length + "\"");
  }

  /** The buffer's bytes from position to limit, its position left alone as S3's client does. */
  private static byte[] copyOf(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    return copy;
  }

  @Override
  public Future<Void> completeMultipart(String key, String uploadId,
      List<TusUpload.Part> parts) {
    Multipart upload = multiparts.remove(uploadId);
    if (upload == null) {
      return Future.failedFuture(new MultipartGone("no multipart upload " + uploadId));
    }
    List<byte[]> pieces = new ArrayList<>();
    for (TusUpload.Part part : parts.stream()
        .sorted(Comparator.comparingInt(TusUpload.Part::number)).toList()) {
      byte[] bytes = upload.parts.get(part.number());
      if (bytes == null || bytes.length != part.size()) {
        return Future.failedFuture(new IllegalStateException("part " + part.number()
            + " is not what the state says"));
      }
      pieces.add(bytes);
    }
    // S3's EntityTooSmall: every part but the last is at least 5 MiB.
    for (int i = 0; i < pieces.size() - 1; i++) {
      if (pieces.get(i).length < PartSizing.MIN_PART_SIZE) {
        return Future.failedFuture(new IllegalStateException("EntityTooSmall: part " + (i + 1)
            + " is " + pieces.get(i).length + " bytes"));
      }
    }
    int total = pieces.stream().mapToInt(p -> p.length).sum();
    byte[] whole = new byte[total];
    int position = 0;
    for (byte[] piece : pieces) {
      System.arraycopy(piece, 0, whole, position, piece.length);
      position += piece.length;
    }
    objects.put(key, whole);
    attributes.put(key, upload.attributes);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> abortMultipart(String key, String uploadId) {
    multiparts.remove(uploadId);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<PendingMultipart>> listMultipart(String prefix) {
    return Future.succeededFuture(multiparts.entrySet().stream()
        .filter(e -> e.getValue().key.startsWith(prefix))
        .map(e -> new PendingMultipart(e.getValue().key, e.getKey(), e.getValue().initiated))
        .toList());
  }
}
