package dev.reel.ingest.tus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartSizingTest {

  private static final long MIB = PartSizing.MIB;
  private static final long TIB = 1024L * 1024 * MIB;

  @Test
  @DisplayName("a 5 TiB upload, S3's largest object, fits in 10,000 parts of whole MiB")
  void fiveTerabytesFitInTenThousandParts() {
    long length = 5 * TIB;
    int partSize = PartSizing.partSize(length);

    assertEquals(525 * MIB, partSize);
    assertEquals(0, partSize % MIB);
    assertTrue(PartSizing.partCount(length, partSize) <= PartSizing.MAX_PARTS);
    assertTrue(partSize <= 5L * 1024 * MIB, "S3 parts are at most 5 GiB");
  }

  @ParameterizedTest(name = "{0} bytes")
  @DisplayName("up to 10,000 x 5 MiB the part size is S3's 5 MiB minimum")
  @ValueSource(longs = {1, 5 * 1024 * 1024, 12 * 1024 * 1024, 10_000L * 5 * 1024 * 1024})
  void smallUploadsUseTheMinimum(long length) {
    assertEquals(5 * MIB, PartSizing.partSize(length));
  }

  @Test
  @DisplayName("one byte past 10,000 minimum parts moves the part size up by a whole MiB")
  void justPastTheMinimum() {
    long length = 10_000L * 5 * MIB + 1;
    assertEquals(6 * MIB, PartSizing.partSize(length));
    assertEquals(8334, PartSizing.partCount(length, 6 * MIB));
  }

  @ParameterizedTest(name = "{0} bytes")
  @DisplayName("every length up to 5 TiB fits in 10,000 parts of at least 5 MiB")
  @ValueSource(longs = {50L * 1024 * 1024 * 1024, 1024L * 1024 * 1024 * 1024 + 7,
      3 * 1024L * 1024 * 1024 * 1024 - 1, 5 * 1024L * 1024 * 1024 * 1024 - 1})
  void alwaysFits(long length) {
    int partSize = PartSizing.partSize(length);
    assertTrue(partSize >= PartSizing.MIN_PART_SIZE);
    assertTrue(PartSizing.partCount(length, partSize) <= PartSizing.MAX_PARTS);
  }

  @ParameterizedTest(name = "{0} bytes")
  @DisplayName("nothing, or more than S3 stores in one object, has no part size")
  @ValueSource(longs = {0, -1, 5 * 1024L * 1024 * 1024 * 1024 + 1})
  void outOfRange(long length) {
    assertThrows(IllegalArgumentException.class, () -> PartSizing.partSize(length));
  }
}
