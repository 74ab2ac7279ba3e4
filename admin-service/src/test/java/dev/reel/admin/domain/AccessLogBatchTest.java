package dev.reel.admin.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AccessLogBatchTest {

  private static final Instant TEN = Instant.parse("2025-01-02T10:59:59.900Z");
  private static final Instant ELEVEN = Instant.parse("2025-01-02T11:00:00.100Z");

  private static AccessLogBatch.Line line(int partition, long offset, Instant servedAt) {
    return new AccessLogBatch.Line(partition, offset, servedAt,
        ("{\"n\":" + offset + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static String gunzip(byte[] gzipped) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName("records become one gzip'd JSON lines object per partition and UTC hour, named "
      + "after the hour, the partition and its first offset")
  void objectsByPartitionAndHour() throws IOException {
    AccessLogBatch batch = new AccessLogBatch();
    batch.add(line(2, 40, TEN));
    batch.add(line(2, 41, ELEVEN));
    batch.add(line(0, 7, TEN));
    batch.add(line(2, 42, TEN));

    List<AccessLogBatch.LogObject> objects = batch.objects();

    assertEquals(List.of(
        "logs/access/2025/01/02/10/2-00000000000000000040.jsonl.gz",
        "logs/access/2025/01/02/11/2-00000000000000000041.jsonl.gz",
        "logs/access/2025/01/02/10/0-00000000000000000007.jsonl.gz"),
        objects.stream().map(AccessLogBatch.LogObject::key).toList());
    assertEquals("{\"n\":40}\n{\"n\":42}\n", gunzip(objects.get(0).gzipped()));
    assertEquals(2, objects.get(0).records());
    assertEquals("{\"n\":41}\n", gunzip(objects.get(1).gzipped()));
    assertEquals("{\"n\":7}\n", gunzip(objects.get(2).gzipped()));
  }

  @Test
  @DisplayName("the offsets to commit follow the last record read, skipped ones included")
  void offsets() {
    AccessLogBatch batch = new AccessLogBatch();
    batch.add(line(1, 10, TEN));
    batch.consumed(1, 11);
    batch.consumed(3, 5);

    assertEquals(Map.of(1, 12L, 3, 6L), batch.nextOffsets());
    assertEquals(Map.of(1, 10L, 3, 5L), batch.firstOffsets());
    assertEquals(1, batch.size());
    assertEquals(1, batch.objects().size(), "a skipped record makes no object");
  }

  @Test
  @DisplayName("a batch re-read from the same offset names its objects the same: the replay "
      + "overwrites them")
  void replayNamesTheSame() {
    AccessLogBatch first = new AccessLogBatch();
    first.add(line(4, 100, TEN));
    first.add(line(4, 101, TEN));
    AccessLogBatch replay = new AccessLogBatch();
    replay.add(line(4, 100, TEN));

    assertEquals(first.objects().get(0).key(), replay.objects().get(0).key());
  }

  @Test
  @DisplayName("forgetting revoked partitions drops their records and offsets")
  void forget() {
    AccessLogBatch batch = new AccessLogBatch();
    batch.add(line(1, 10, TEN));
    batch.add(line(2, 20, TEN));

    batch.forget(List.of(1));

    assertEquals(Map.of(2, 21L), batch.nextOffsets());
    assertEquals(1, batch.objects().size());
    batch.forget(List.of(2));
    assertTrue(batch.isEmpty());
  }
}
