package dev.reel.delivery.cache;

import static dev.reel.delivery.cache.CacheFixture.await;
import static dev.reel.delivery.cache.CacheFixture.eventually;
import static dev.reel.delivery.cache.CacheFixture.objectFiles;
import static dev.reel.delivery.cache.CacheFixture.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Many viewers of one uncached object: one origin fetch, followed by all of them. */
@ExtendWith(VertxExtension.class)
class EdgeCacheCollapsingTest {

  private static final String SEGMENT =
      "renditions/01j9zzzzzzzzzzzzzzzzzzzzzz/cmaf/360p/seg_00001.m4s";
  private static final byte[] BYTES = random(300_000, 1);

  @TempDir
  Path dir;
  private CacheFixture fixture;
  private FakeOrigin origin;

  @BeforeEach
  void start(Vertx vertx) {
    origin = new FakeOrigin(vertx);
    origin.put(SEGMENT, BYTES);
    fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 64 * 1024, 16 << 20, 8 << 20));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("50 concurrent requests, whole and ranged, for an uncached object make one origin "
      + "fetch and all get the right bytes")
  void collapses() {
    origin.holdBodies = true;
    List<CacheFixture.Reading> readings = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      readings.add(i % 2 == 0 ? fixture.start(SEGMENT, null, null)
          : fixture.start(SEGMENT, (long) i * 1000, (long) i * 1000 + 4095));
    }
    eventually("the fetch started", () -> origin.held.size() == 1);
    origin.held.get(0).push(BYTES, 0, BYTES.length);
    origin.held.get(0).end();

    for (int i = 0; i < readings.size(); i++) {
      byte[] expected = i % 2 == 0 ? BYTES : Arrays.copyOfRange(BYTES, i * 1000, i * 1000 + 4096);
      assertArrayEquals(expected, await(readings.get(i).done.future()).getBytes(), "reader " + i);
    }
    assertEquals(1, origin.fetches.get());
    assertEquals(0, origin.heads.get() + origin.ranges.get());
    assertEquals(1, fixture.counter("reel.delivery.cache.misses", "reason", "cold"));
    assertEquals(49, fixture.counter("reel.delivery.cache.hits", "level", "fill"));
  }

  @Test
  @DisplayName("a viewer receives the bytes of a fill as they arrive, before the fill is done")
  void followsTheFill() {
    origin.holdBodies = true;
    CacheFixture.Reading reading = fixture.start(SEGMENT, null, null);
    eventually("the fetch started", () -> origin.held.size() == 1);

    origin.held.get(0).push(BYTES, 0, 160_000);
    eventually("the first part arrived", () -> reading.receivedBytes() == 160_000);
    assertFalse(reading.done.future().isComplete());
    origin.held.get(0).push(BYTES, 160_000, BYTES.length);
    origin.held.get(0).end();

    assertArrayEquals(BYTES, await(reading.done.future()).getBytes());
  }

  @Test
  @DisplayName("a viewer that joins a fill gets the bytes at hand in buffers of 64 KiB, not one "
      + "per origin chunk, and every byte right")
  void gathersChunks() {
    byte[] large = random(1 << 20, 3);
    String key = SEGMENT.replace("00001", "00003");
    CacheFixture.Reading first = firstViewerOfHeldFetch(key, large);
    origin.held.get(0).push(large, 0, 768 * 1024);
    eventually("the first viewer has them", () -> first.receivedBytes() == 768 * 1024);

    CacheFixture.Reading late = fixture.start(key, null, null);
    eventually("the late viewer caught up", () -> late.receivedBytes() == 768 * 1024);
    assertEquals(768 / 64, late.buffers.get(),
        "768 KiB, come in chunks of " + FakeBody.CHUNK + " bytes");
    origin.held.get(0).push(large, 768 * 1024, large.length);
    origin.held.get(0).end();

    assertArrayEquals(large, await(late.done.future()).getBytes());
    assertArrayEquals(large, await(first.done.future()).getBytes());
    assertEquals(1, origin.fetches.get());
  }

  @Test
  @DisplayName("a viewer that leaves stops only its own read: the fill goes on, the others "
      + "finish, and the object is kept")
  void viewerLeaves() {
    origin.holdBodies = true;
    CacheFixture.Reading leaving = fixture.start(SEGMENT, null, null);
    CacheFixture.Reading staying = fixture.start(SEGMENT, null, null);
    eventually("the fetch started", () -> origin.held.size() == 1);
    origin.held.get(0).push(BYTES, 0, 100_000);
    eventually("both started", () -> leaving.receivedBytes() > 0 && staying.receivedBytes() > 0);

    fixture.context.runOnContext(v -> leaving.body.cancel().run());
    origin.held.get(0).push(BYTES, 100_000, BYTES.length);
    origin.held.get(0).end();

    assertArrayEquals(BYTES, await(staying.done.future()).getBytes());
    assertFalse(origin.held.get(0).cancelled(), "the origin fetch was not stopped");
    assertFalse(leaving.done.future().isComplete(), "the leaver got no end");
    origin.holdBodies = false;
    assertArrayEquals(BYTES, fixture.get(SEGMENT).getBytes());
    assertEquals(1, origin.fetches.get());
  }

  @Test
  @DisplayName("a fill that fails mid-way cuts its viewers, leaves no file, and the next "
      + "request fetches again")
  void failureMidFill() {
    origin.holdBodies = true;
    CacheFixture.Reading reading = fixture.start(SEGMENT, null, null);
    eventually("the fetch started", () -> origin.held.size() == 1);
    origin.held.get(0).push(BYTES, 0, 100_000);
    eventually("the first part arrived", () -> reading.receivedBytes() == 100_000);

    origin.held.get(0).fail(new IllegalStateException("connection reset"));

    assertThrows(AssertionError.class, () -> await(reading.done.future()));
    eventually("the part file is gone", () -> objectFiles(dir) == 0);
    origin.holdBodies = false;
    assertArrayEquals(BYTES, fixture.get(SEGMENT).getBytes());
    assertEquals(2, origin.fetches.get());
    assertEquals(1, fixture.counter("reel.delivery.cache.fill.failures", null, null));
  }

  @Test
  @DisplayName("an origin connection reset mid-fill (an IOException) fails that fill alone: the "
      + "disk level goes on caching")
  void resetMidFillLeavesTheDiskOn() {
    origin.holdBodies = true;
    CacheFixture.Reading reading = fixture.start(SEGMENT, null, null);
    eventually("the fetch started", () -> origin.held.size() == 1);
    origin.held.get(0).push(BYTES, 0, 100_000);
    eventually("the first part arrived", () -> reading.receivedBytes() == 100_000);

    origin.held.get(0).fail(new SocketException("Connection reset"));

    assertThrows(AssertionError.class, () -> await(reading.done.future()));
    origin.holdBodies = false;
    assertArrayEquals(BYTES, fixture.get(SEGMENT).getBytes());
    fixture.settled();
    assertArrayEquals(BYTES, fixture.get(SEGMENT).getBytes());
    assertEquals(2, origin.fetches.get(), "the third request was served from disk");
    assertEquals(1, objectFiles(dir));
  }

  @Test
  @DisplayName("an origin that sends fewer bytes than it announced fails the fill")
  void shortBody() {
    origin.holdBodies = true;
    CacheFixture.Reading reading = fixture.start(SEGMENT, null, null);
    eventually("the fetch started", () -> origin.held.size() == 1);

    origin.held.get(0).push(BYTES, 0, 200_000);
    origin.held.get(0).end();

    assertThrows(AssertionError.class, () -> await(reading.done.future()));
    eventually("the part file is gone", () -> objectFiles(dir) == 0);
  }

  @Test
  @DisplayName("a warm object is served without asking the origin anything")
  void warm() {
    fixture.get(SEGMENT);

    Buffer again = fixture.get(SEGMENT, 1000, 1999);

    assertArrayEquals(Arrays.copyOfRange(BYTES, 1000, 2000), again.getBytes());
    assertEquals(1, origin.fetches.get());
    assertEquals(0, origin.heads.get() + origin.ranges.get());
  }

  @Test
  @DisplayName("a viewer that starts far behind a large fill reads what slid out of memory "
      + "from the file")
  void laggingViewer() {
    byte[] large = random(6 << 20, 2);
    String key = SEGMENT.replace("00001", "00002");
    CacheFixture.Reading first = firstViewerOfHeldFetch(key, large);
    origin.held.get(0).push(large, 0, 5 << 20);
    eventually("the first viewer is well ahead", () -> first.receivedBytes() == 5 << 20);

    CacheFixture.Reading late = fixture.start(key, null, null);
    origin.held.get(0).push(large, 5 << 20, large.length);
    origin.held.get(0).end();

    assertArrayEquals(large, await(late.done.future()).getBytes());
    assertArrayEquals(large, await(first.done.future()).getBytes());
    assertEquals(1, origin.fetches.get());
  }

  /**
   * Puts {@code bytes} at the origin under {@code key} and starts a viewer of them, whose origin
   * fetch holds its body until the test pushes it.
   */
  private CacheFixture.Reading firstViewerOfHeldFetch(String key, byte[] bytes) {
    origin.put(key, bytes);
    origin.holdBodies = true;
    CacheFixture.Reading first = fixture.start(key, null, null);
    eventually("the fetch started", () -> origin.held.size() == 1);
    return first;
  }
}
