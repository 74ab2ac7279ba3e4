package dev.reel.delivery.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AccessLogBufferTest {

  @Test
  @DisplayName("records come out oldest first, in batches of at most the size asked for")
  void fifoBatches() {
    AccessLogBuffer<Integer> buffer = new AccessLogBuffer<>(10);
    for (int i = 1; i <= 5; i++) {
      buffer.offer(i);
    }

    assertEquals(List.of(1, 2, 3), buffer.take(3));
    assertEquals(List.of(4, 5), buffer.take(3));
    assertEquals(List.of(), buffer.take(3));
  }

  @Test
  @DisplayName("records taken leave the queue but stay held until their batch is done; several "
      + "batches can be out at once, and a failed one returns to the head")
  void queuedAndHeld() {
    AccessLogBuffer<Integer> buffer = new AccessLogBuffer<>(10);
    for (int i = 1; i <= 6; i++) {
      buffer.offer(i);
    }

    List<Integer> first = buffer.take(2);
    List<Integer> second = buffer.take(2);
    assertEquals(2, buffer.queued());
    assertEquals(6, buffer.depth());

    buffer.done(second, List.of());
    buffer.done(first, List.of(2));
    assertEquals(3, buffer.queued());
    assertEquals(3, buffer.depth());
    assertEquals(List.of(2, 5, 6), buffer.take(10));
  }

  @Test
  @DisplayName("when full, the newest record is dropped and counted; the held ones stay")
  void dropsNewestWhenFull() {
    AccessLogBuffer<Integer> buffer = new AccessLogBuffer<>(3);

    assertTrue(buffer.offer(1));
    assertTrue(buffer.offer(2));
    assertTrue(buffer.offer(3));
    assertFalse(buffer.offer(4));
    assertFalse(buffer.offer(5));

    assertEquals(2, buffer.dropped());
    assertEquals(3, buffer.depth());
    assertEquals(List.of(1, 2, 3), buffer.take(10));
  }

  @Test
  @DisplayName("records being sent still count against the bound until the batch is done")
  void inFlightCounts() {
    AccessLogBuffer<Integer> buffer = new AccessLogBuffer<>(3);
    buffer.offer(1);
    buffer.offer(2);
    List<Integer> batch = buffer.take(2);

    assertTrue(buffer.offer(3));
    assertFalse(buffer.offer(4));
    assertEquals(3, buffer.depth());

    buffer.done(batch, List.of());
    assertEquals(1, buffer.depth());
    assertTrue(buffer.offer(5));
    assertEquals(1, buffer.dropped());
  }

  @Test
  @DisplayName("a failed batch goes back to the head in its order, before newer records")
  void failedBatchReturnsToHead() {
    AccessLogBuffer<Integer> buffer = new AccessLogBuffer<>(10);
    for (int i = 1; i <= 4; i++) {
      buffer.offer(i);
    }
    List<Integer> batch = buffer.take(3);
    buffer.offer(5);

    buffer.done(batch, List.of(1, 3));

    assertEquals(4, buffer.depth());
    assertEquals(List.of(1, 3, 4, 5), buffer.take(10));
  }

  @Test
  @DisplayName("an outage longer than the buffer: it stays at its bound and counts every drop")
  void longOutage() {
    AccessLogBuffer<Integer> buffer = new AccessLogBuffer<>(5);
    for (int i = 0; i < 100; i++) {
      buffer.offer(i);
      if (i % 10 == 0) {
        List<Integer> batch = buffer.take(1);
        buffer.done(batch, batch); // Kafka refused it
      }
    }

    assertEquals(5, buffer.depth());
    assertEquals(95, buffer.dropped());
    assertEquals(List.of(0, 1, 2, 3, 4), buffer.take(10));
  }

  @Test
  @DisplayName("a buffer holds at least one record")
  void capacityAtLeastOne() {
    assertThrows(IllegalArgumentException.class, () -> new AccessLogBuffer<>(0));
  }
}
