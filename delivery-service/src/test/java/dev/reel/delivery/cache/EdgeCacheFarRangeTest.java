package dev.reel.delivery.cache;

import static dev.reel.delivery.cache.CacheFixture.await;
import static dev.reel.delivery.cache.CacheFixture.eventually;
import static dev.reel.delivery.cache.CacheFixture.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large uncached object: a range far beyond what its fill has received does not wait for it,
 * and a HEAD fetches nothing.
 */
@ExtendWith(VertxExtension.class)
class EdgeCacheFarRangeTest {

  private static final String ORIGINAL = "originals/01j9zzzzzzzzzzzzzzzzzzzzzz/source";
  private static final int SIZE = 12 << 20;
  private static final byte[] BYTES = random(SIZE, 7);

  @TempDir
  Path dir;
  private CacheFixture fixture;
  private FakeOrigin origin;

  @BeforeEach
  void start(Vertx vertx) {
    origin = new FakeOrigin(vertx);
    origin.put(ORIGINAL, BYTES);
    fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 64 * 1024, 64 << 20, 32 << 20));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("while a fill has not begun to arrive, a range 10 MiB in gets a range GET of its "
      + "own and its bytes at once; a range near the front waits for the fill, which goes on "
      + "and caches the object")
  void farRangeDoesNotWait() {
    origin.holdBodies = true;
    CacheFixture.Reading whole = fixture.start(ORIGINAL, null, null);
    eventually("the fill started", () -> origin.held.size() == 1);
    CacheFixture.Reading near = fixture.start(ORIGINAL, 1000L, 4095L);
    long far = 10L << 20;

    byte[] tail = await(fixture.start(ORIGINAL, far, far + 4095).done.future()).getBytes();

    assertArrayEquals(Arrays.copyOfRange(BYTES, (int) far, (int) far + 4096), tail);
    assertEquals(1, origin.ranges.get());
    assertEquals(0, near.receivedBytes(), "the front waits for the fill");
    origin.held.get(0).push(BYTES, 0, BYTES.length);
    origin.held.get(0).end();
    assertArrayEquals(BYTES, await(whole.done.future()).getBytes());
    assertArrayEquals(Arrays.copyOfRange(BYTES, 1000, 4096),
        await(near.done.future()).getBytes());
    fixture.settled();
    assertArrayEquals(tail, fixture.get(ORIGINAL, far, far + 4095).getBytes(), "from the cache");
    assertEquals(1, origin.fetches.get());
    assertEquals(1, origin.ranges.get());
  }

  @Test
  @DisplayName("a far range that starts the fill counts one miss, not a cold one and an "
      + "uncacheable one")
  void farRangeOneMiss() {
    origin.holdBodies = true;
    long far = 10L << 20;

    byte[] tail = await(fixture.start(ORIGINAL, far, far + 4095).done.future()).getBytes();

    assertArrayEquals(Arrays.copyOfRange(BYTES, (int) far, (int) far + 4096), tail);
    assertEquals(1, fixture.counter("reel.delivery.cache.misses", "reason", "cold")
        + fixture.counter("reel.delivery.cache.misses", "reason", "uncacheable"));
    origin.held.get(0).push(BYTES, 0, BYTES.length);
    origin.held.get(0).end();
    fixture.settled();
  }

  @Test
  @DisplayName("a HEAD of an object not known yet asks the origin for its head alone and "
      + "fetches nothing; the GET after it fetches the object once")
  void headFetchesNothing() {
    var info = await(fixture.onContext(() -> fixture.cache.describeOnly(ORIGINAL)))
        .orElseThrow();

    assertEquals(SIZE, info.length());
    assertEquals(1, origin.heads.get());
    assertEquals(0, origin.fetches.get());
    assertArrayEquals(BYTES, fixture.get(ORIGINAL).getBytes());
    assertEquals(1, origin.fetches.get());
  }
}
