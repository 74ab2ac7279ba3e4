package dev.reel.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UuidsTest {

  @Test
  void isAVersionFourIetfVariantUuidThatReadsBackAsItself() {
    for (int i = 0; i < 1000; i++) {
      UUID uuid = Uuids.random();
      assertEquals(4, uuid.version());
      assertEquals(2, uuid.variant());
      assertEquals(uuid, UUID.fromString(uuid.toString()));
      assertEquals(36, uuid.toString().length());
    }
  }

  @Test
  void threadsDrawingAtOnceNeverCollide() throws InterruptedException {
    Set<UUID> seen = ConcurrentHashMap.newKeySet();
    int threads = 4;
    int each = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      pool.execute(() -> {
        Set<UUID> mine = new HashSet<>();
        for (int i = 0; i < each; i++) {
          mine.add(Uuids.random());
        }
        seen.addAll(mine);
      });
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    assertEquals(threads * each, seen.size());
  }

  @Test
  void theRandomBitsVaryInEveryPosition() {
    // Every one of the 122 random bits is seen both set and clear: no bit is stuck.
    long highOr = 0;
    long highAnd = -1;
    long lowOr = 0;
    long lowAnd = -1;
    for (int i = 0; i < 2000; i++) {
      UUID uuid = Uuids.random();
      highOr |= uuid.getMostSignificantBits();
      highAnd &= uuid.getMostSignificantBits();
      lowOr |= uuid.getLeastSignificantBits();
      lowAnd &= uuid.getLeastSignificantBits();
    }
    // Version 4 is 0100 in bits 12-15 of the high half; the IETF variant is 10 in the top two
    // bits of the low half.
    assertEquals(~0xB000L, highOr, "a random bit of the high half never set, or a version bit");
    assertEquals(0x4000L, highAnd, "a bit of the high half always set, not the version's");
    assertEquals(~0x4000000000000000L, lowOr, "a random bit of the low half never set");
    assertEquals(0x8000000000000000L, lowAnd, "a bit of the low half always set, not the variant's");
  }
}
