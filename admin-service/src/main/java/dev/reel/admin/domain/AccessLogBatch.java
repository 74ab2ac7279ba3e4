package dev.reel.admin.domain;

import dev.reel.common.StorageLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code delivery.access} records read from Kafka since the last flush, on their way to the
 * bucket as access log objects: one gzip'd JSON lines object per partition and UTC hour of the
 * records' {@code servedAt}, named after the offset of its first record
 * ({@link StorageLayout#accessLogKey}).
 *
 * <p>A batch always starts at the partitions' committed offsets, so the records re-read after a
 * crash between writing and committing land in objects of the same names, which they overwrite:
 * a replay does not write a record twice.
 */
public final class AccessLogBatch {

  /** One record as read: where it was in Kafka, when it was served, and its JSON line. */
  public record Line(int partition, long offset, Instant servedAt, byte[] json) {
  }

  /** One object to write. */
  public record LogObject(String key, byte[] gzipped, int records) {
  }

  private static final long SECONDS_PER_HOUR = 3600;

  /** A partition and a UTC hour, counted from the epoch: the records of one object. */
  private record Group(int partition, long hour) {
  }

  private final List<Line> lines = new ArrayList<>();
  /** Per partition, the offset after the last record read, records that were skipped included. */
  private final Map<Integer, Long> nextOffsets = new TreeMap<>();
  private final Map<Integer, Long> firstOffsets = new TreeMap<>();

  /** Adds a record to write. */
  public void add(Line line) {
    lines.add(line);
    consumed(line.partition(), line.offset());
  }

  /** Notes a record that was read but will not be written (it could not be decoded). */
  public void consumed(int partition, long offset) {
    firstOffsets.merge(partition, offset, Math::min);
    nextOffsets.merge(partition, offset + 1, Math::max);
  }

  /** Forgets the records of partitions this reader no longer owns; their new owner reads them. */
  public void forget(java.util.Collection<Integer> partitions) {
    lines.removeIf(line -> partitions.contains(line.partition()));
    partitions.forEach(partition -> {
      nextOffsets.remove(partition);
      firstOffsets.remove(partition);
    });
  }

  public int size() {
    return lines.size();
  }

  public boolean isEmpty() {
    return nextOffsets.isEmpty();
  }

  /** Per partition, the offset to commit once the objects are written. */
  public Map<Integer, Long> nextOffsets() {
    return Map.copyOf(nextOffsets);
  }

  /** Per partition, the offset of the first record read: where to read again after a failure. */
  public Map<Integer, Long> firstOffsets() {
    return Map.copyOf(firstOffsets);
  }

  /** The objects to write: the records grouped by partition and hour, each group compressed. */
  public List<LogObject> objects() {
    Map<Group, List<Line>> groups = new LinkedHashMap<>();
    for (Line line : lines) {
      Group group = new Group(line.partition(),
          Math.floorDiv(line.servedAt().getEpochSecond(), SECONDS_PER_HOUR));
      groups.computeIfAbsent(group, g -> new ArrayList<>()).add(line);
    }
    List<LogObject> objects = new ArrayList<>(groups.size());
    for (List<Line> group : groups.values()) {
      Line first = group.get(0);
      objects.add(new LogObject(
          StorageLayout.accessLogKey(first.servedAt(), first.partition(), first.offset()),
          gzip(group), group.size()));
    }
    return objects;
  }

  private static byte[] gzip(List<Line> group) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // The fastest level: logs of one hour compress well at any level, and the archiver shares
    // the machine with the edge whose requests it logs.
    try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      for (Line line : group) {
        out.write(line.json());
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compress an access log object", e);
    }
    return bytes.toByteArray();
  }
}
