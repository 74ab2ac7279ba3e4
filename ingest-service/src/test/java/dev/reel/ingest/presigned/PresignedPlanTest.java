package dev.reel.ingest.presigned;

import static dev.reel.ingest.presigned.PresignedPlan.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.ingest.presigned.PresignedPlan.Part;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PresignedPlanTest {

  private static final long THRESHOLD = 64 * MIB;
  private static final long TIB = 1024 * 1024 * MIB;

  @ParameterizedTest(name = "{0} bytes")
  @DisplayName("an upload up to the threshold is one PUT of the whole size, without parts")
  @ValueSource(longs = {1, 3 * MIB, 64 * MIB})
  void singlePutUpToThreshold(long size) {
    PresignedPlan plan = PresignedPlan.of(size, THRESHOLD);
    assertFalse(plan.multipart());
    assertEquals(size, plan.size());
    assertEquals(size, plan.partSize());
    assertEquals(List.of(), plan.parts());
  }

  @Test
  @DisplayName("one byte over the threshold is multipart, in 8 MiB parts and a short last part")
  void multipartAboveThreshold() {
    PresignedPlan plan = PresignedPlan.of(64 * MIB + 1, THRESHOLD);
    assertTrue(plan.multipart());
    assertEquals(8 * MIB, plan.partSize());
    assertEquals(9, plan.partCount());
    assertEquals(new Part(9, 64 * MIB, 1), plan.parts().get(8));
  }

  @Test
  @DisplayName("parts are numbered from 1 and cover every byte exactly once, in order")
  void partsCoverTheUpload() {
    long size = 20 * MIB + 12345;
    PresignedPlan plan = PresignedPlan.of(size, 16 * MIB);
    assertEquals(List.of(new Part(1, 0, 8 * MIB), new Part(2, 8 * MIB, 8 * MIB),
        new Part(3, 16 * MIB, 4 * MIB + 12345)), plan.parts());
    assertEquals(size, plan.parts().stream().mapToLong(Part::size).sum());
  }

  @ParameterizedTest(name = "{0} bytes -> parts of {1} MiB")
  @DisplayName("the part size is max(8 MiB, size/10000) rounded up to a whole MiB")
  @CsvSource({
      "104857600, 8",            // 100 MiB: the minimum
      "83886080000, 8",          // 80,000 MiB: exactly 10,000 parts of 8 MiB
      "83886080001, 9",          // one byte more: 8 MiB + a little, rounded up
      "536870912000, 52",        // 500 GiB: 51.2 MiB -> 52
      "5497558138880, 525"})     // 5 TiB, S3's largest object: 524.288 MiB -> 525
  void partSizeGrowsWithSize(long size, long partMib) {
    PresignedPlan plan = PresignedPlan.of(size, THRESHOLD);
    assertEquals(partMib * MIB, plan.partSize());
    assertTrue(plan.partCount() <= PresignedPlan.MAX_PARTS, "parts: " + plan.partCount());
    assertEquals(size, plan.parts().get(plan.partCount() - 1).offset()
        + plan.parts().get(plan.partCount() - 1).size());
  }

  @Test
  @DisplayName("a stored plan is rebuilt the same from its size and part size")
  void rebuiltFromPartSize() {
    PresignedPlan planned = PresignedPlan.of(100 * MIB + 7, THRESHOLD);
    assertEquals(planned, PresignedPlan.multipart(planned.size(), planned.partSize()));
  }

  @ParameterizedTest(name = "{0} bytes")
  @DisplayName("sizes of 0, below 0 or over 5 TiB have no plan")
  @ValueSource(longs = {0, -1, 5 * 1024 * 1024 * MIB + 1})
  void impossibleSizes(long size) {
    assertThrows(IllegalArgumentException.class, () -> PresignedPlan.of(size, THRESHOLD));
  }

  @Test
  @DisplayName("a part size that would need more than 10,000 parts is refused")
  void tooManyParts() {
    assertThrows(IllegalArgumentException.class,
        () -> PresignedPlan.multipart(TIB, 8 * MIB));
  }
}
