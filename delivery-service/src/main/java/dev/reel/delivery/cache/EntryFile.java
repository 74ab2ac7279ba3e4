package dev.reel.delivery.cache;

import dev.reel.common.Uuids;
import dev.reel.delivery.storage.ObjectInfo;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How one cached object sits on disk: a self-describing file, so that the disk level needs no
 * index of its own to survive a restart. The first {@value #HEADER_BYTES} bytes say what the
 * object is (key, ETag, length, type, date) and the body follows, page-aligned. A file is written
 * under a {@code .part} name and renamed to {@code .entry} only once every byte is in it, so an
 * entry name always means a complete object.
 */
final class EntryFile {

  static final int HEADER_BYTES = 4096;
  /** A file takes whole blocks of this size on disk (ext4's and XFS's default). */
  static final int BLOCK_BYTES = 4096;
  static final String SUFFIX = ".entry";
  static final String PART_SUFFIX = ".part";
  private static final byte[] MAGIC = "REEL-EDGE-CACHE 1\n".getBytes(StandardCharsets.US_ASCII);

  /** What a file's header says. */
  record Described(String key, ObjectInfo info) {
  }

  private EntryFile() {
  }

  /**
   * A fresh file to fill an object of {@code key} into. Names are never reused (a hash of the
   * key to spread them over 256 folders, then a random part), so that a file still being read
   * after it left the cache can never be mistaken for a newer copy of the same object.
   */
  static Path partPath(Path dir, String key) {
    String hash = sha256(key);
    return dir.resolve(hash.substring(0, 2))
        .resolve(hash.substring(0, 32) + "-" + Uuids.random() + PART_SUFFIX);
  }

  /** The name a complete part file is renamed to. */
  static Path entryPath(Path part) {
    String name = part.getFileName().toString();
    return part.resolveSibling(name.substring(0, name.length() - PART_SUFFIX.length())
        + SUFFIX);
  }

  /** The header for an object, or empty when its description does not fit in one. */
  static Optional<ByteBuffer> header(String key, ObjectInfo info) {
    JsonObject json = new JsonObject()
        .put("key", key)
        .put("etag", info.etag())
        .put("length", info.length())
        .put("contentType", info.contentType())
        .put("lastModified", info.lastModified() == null ? null
            : info.lastModified().toString());
    byte[] described = (json.encode() + "\n").getBytes(StandardCharsets.UTF_8);
    if (MAGIC.length + described.length > HEADER_BYTES) {
      return Optional.empty();
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    header.put(MAGIC).put(described).rewind();
    return Optional.of(header);
  }

  /**
   * What the file holds, or empty if it is not a complete entry: an unknown header, or a size
   * that does not match the length it announces.
   */
  static Optional<Described> read(FileChannel channel) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
      // a header is read in one go in practice; the loop only guards short reads
    }
    byte[] bytes = header.array();
    if (header.position() < HEADER_BYTES
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return Optional.empty();
    }
    int end = MAGIC.length;
    while (end < HEADER_BYTES && bytes[end] != '\n') {
      end++;
    }
    try {
      JsonObject json = new JsonObject(new String(bytes, MAGIC.length, end - MAGIC.length,
          StandardCharsets.UTF_8));
      String lastModified = json.getString("lastModified");
      ObjectInfo info = new ObjectInfo(json.getLong("length"), json.getString("etag"),
          json.getString("contentType"),
          lastModified == null ? null : Instant.parse(lastModified));
      String key = json.getString("key");
      if (key == null || info.etag() == null
          || channel.size() != HEADER_BYTES + info.length()) {
        return Optional.empty();
      }
      return Optional.of(new Described(key, info));
    } catch (DecodeException | ClassCastException | NullPointerException
        | java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What the file of an object of {@code length} bytes takes on disk, as {@code du} counts it:
   * its header and body, rounded up to whole blocks. The disk level counts its bound in these,
   * so that many small objects (init segments of a few hundred bytes) do not take it past it.
   */
  static long diskBytes(long length) {
    return (HEADER_BYTES + length + BLOCK_BYTES - 1) / BLOCK_BYTES * BLOCK_BYTES;
  }
}
