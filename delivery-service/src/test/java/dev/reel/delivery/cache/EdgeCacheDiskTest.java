package dev.reel.delivery.cache;

import static dev.reel.delivery.cache.CacheFixture.await;
import static dev.reel.delivery.cache.CacheFixture.filesBytes;
import static dev.reel.delivery.cache.CacheFixture.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.delivery.config.EdgeCacheSettings;
import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.storage.ObjectInfo;
import dev.reel.delivery.storage.OriginBody;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import io.vertx.junit5.VertxExtension;

/** The disk level: its bound, its file regions, and a restart. */
@ExtendWith(VertxExtension.class)
class EdgeCacheDiskTest {

  private static final int SIZE = 100_000;
  private static final long ENTRY = EntryFile.diskBytes(SIZE);

  @TempDir
  Path dir;

  /** Every byte of {@code body}; on the fixture's context. */
  private static io.vertx.core.Future<Buffer> read(OriginBody body) {
    io.vertx.core.Promise<Buffer> read = io.vertx.core.Promise.promise();
    Buffer received = Buffer.buffer();
    body.stream().handler(received::appendBuffer)
        .endHandler(end -> read.tryComplete(received))
        .exceptionHandler(read::tryFail);
    body.stream().resume();
    return read.future();
  }

  private static String segment(int n) {
    return "renditions/01j9zzzzzzzzzzzzzzzzzzzzzz/cmaf/720p/seg_" + n + ".m4s";
  }

  @Test
  @DisplayName("the disk level never exceeds its size, and the least recently used go first")
  void bound(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    long capacity = 3 * ENTRY + ENTRY / 2;
    CacheFixture fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, capacity, SIZE));
    for (int n = 1; n <= 8; n++) {
      origin.put(segment(n), random(SIZE, n));
      fixture.get(segment(n));
      if (n == 2) {
        fixture.get(segment(1));
      }
      assertTrue(filesBytes(dir) <= capacity, "after " + n + ": " + filesBytes(dir));
    }

    fixture.get(segment(8));
    assertEquals(8, origin.fetches.get(), "the last one is still cached");
    fixture.get(segment(2));
    assertEquals(9, origin.fetches.get(), "an early one was evicted");
    assertTrue(fixture.counter("reel.delivery.cache.evictions", "level", "disk") >= 5);
    fixture.close();
  }

  @Test
  @DisplayName("many small objects (init segments of a few hundred bytes) keep the level within "
      + "its size as du counts it, in whole blocks")
  void smallObjectsCountWholeBlocks(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    // Each file: a 4 KiB header and 1,000 bytes, two blocks on disk.
    long capacity = 20L * 2 * EntryFile.BLOCK_BYTES;
    CacheFixture fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, capacity, SIZE));
    for (int n = 1; n <= 40; n++) {
      origin.put(segment(n), random(1000, n));
      fixture.get(segment(n));
      fixture.settled();
      long onDisk = CacheFixture.blocksBytes(dir);
      assertTrue(onDisk <= capacity, "after " + n + ": " + onDisk);
    }
    assertEquals(20, CacheFixture.objectFiles(dir));
    fixture.close();
  }

  @Test
  @DisplayName("an object within the largest object size whose file, header and blocks counted, "
      + "is larger than the whole level is uncacheable, not a cold miss every two seconds")
  void fileLargerThanTheLevel(Vertx vertx) throws Exception {
    FakeOrigin origin = new FakeOrigin(vertx);
    long capacity = 10L * SIZE;
    byte[] bytes = random((int) capacity - 2000, 8);
    origin.put(segment(1), bytes);
    CacheFixture fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, capacity, capacity));

    assertArrayEquals(bytes, fixture.get(segment(1)).getBytes());
    Thread.sleep(MetadataCache.NO_ROOM_RETRY.toMillis() + 200);
    assertArrayEquals(bytes, fixture.get(segment(1)).getBytes());

    assertTrue(fixture.counter("reel.delivery.cache.misses", "reason", "cold") <= 1);
    assertTrue(fixture.counter("reel.delivery.cache.misses", "reason", "uncacheable") >= 1);
    assertEquals(0, CacheFixture.objectFiles(dir));
    fixture.close();
  }

  @Test
  @DisplayName("one large object makes room by evicting many small ones at once: every one of "
      + "their files is deleted, the bound holds, and they come from the origin again")
  void largeEvictsMany(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    int small = 10_000;
    int smallCount = 12;
    long smallEntry = EntryFile.diskBytes(small);
    long capacity = smallCount * smallEntry;
    // Takes the room of ten small entries and more: at least ten go in one reservation.
    int large = (int) (10 * smallEntry);
    CacheFixture fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, capacity, large));
    for (int n = 1; n <= smallCount; n++) {
      origin.put(segment(n), random(small, n));
      fixture.get(segment(n));
    }
    assertEquals(smallCount, CacheFixture.objectFiles(dir));

    origin.put(segment(100), random(large, 100));
    assertArrayEquals(random(large, 100), fixture.get(segment(100)).getBytes());
    long evicted = (long) fixture.counter("reel.delivery.cache.evictions", "level", "disk");
    assertTrue(evicted >= 10, "evicted " + evicted);
    assertEquals(smallCount + 1 - evicted, CacheFixture.objectFiles(dir),
        "each evicted entry's file is gone");
    assertTrue(filesBytes(dir) <= capacity, String.valueOf(filesBytes(dir)));

    int fetched = origin.fetches.get();
    assertArrayEquals(random(small, 1), fixture.get(segment(1)).getBytes());
    assertEquals(fetched + 1, origin.fetches.get(), "the eldest was evicted");
    fixture.close();
  }

  @Test
  @DisplayName("a range of an object on disk comes as a region of its file, for sendfile, and "
      + "as a stream of the same bytes")
  void fileRegion(Vertx vertx) throws Exception {
    FakeOrigin origin = new FakeOrigin(vertx);
    byte[] bytes = random(SIZE, 3);
    origin.put(segment(1), bytes);
    CacheFixture fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, 1 << 20, SIZE));
    fixture.get(segment(1));

    OriginBody body = await(fixture.onContext(() -> fixture.cache.open(segment(1),
        new ByteRange(5000, 9999, SIZE))));
    OriginBody.FileRegion region = body.file().orElseThrow();
    ByteBuffer read = ByteBuffer.allocate((int) region.length());
    region.channel().read(read, region.position());
    fixture.context.runOnContext(v -> body.cancel().run());

    assertArrayEquals(Arrays.copyOfRange(bytes, 5000, 10000), read.array());
    assertArrayEquals(Arrays.copyOfRange(bytes, 5000, 10000),
        fixture.get(segment(1), 5000, 9999).getBytes());
    assertEquals(1, origin.fetches.get());
    fixture.close();
  }

  @Test
  @DisplayName("an object that arrives in chunks of uneven sizes is in its file byte for byte: "
      + "chunks that straddle the writer's buffers, and a last write shorter than one")
  void unevenChunks(Vertx vertx) throws Exception {
    FakeOrigin origin = new FakeOrigin(vertx);
    byte[] bytes = random(3 * (1 << 20) + 12_345, 9);
    origin.put(segment(1), bytes);
    origin.holdBodies = true;
    CacheFixture fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, 8 << 20, 4 << 20));
    CacheFixture.Reading viewer = fixture.start(segment(1), null, null);
    CacheFixture.eventually("the fetch started", () -> origin.held.size() == 1);
    int size = 1;
    for (int at = 0; at < bytes.length; at += size) {
      // 1 byte to about 40 KiB, none a divisor of the writer's buffer but by chance.
      size = size * 7919 % 40_009 + 1;
      origin.held.get(0).push(Buffer.buffer(Arrays.copyOfRange(bytes, at,
          Math.min(bytes.length, at + size))));
    }
    origin.held.get(0).end();
    assertArrayEquals(bytes, await(viewer.done.future()).getBytes());
    fixture.settled();

    OriginBody body = await(fixture.onContext(() -> fixture.cache.open(segment(1),
        ByteRange.whole(bytes.length))));
    OriginBody.FileRegion region = body.file().orElseThrow();
    ByteBuffer read = ByteBuffer.allocate((int) region.length());
    while (read.hasRemaining()) {
      region.channel().read(read, region.position() + read.position());
    }
    fixture.context.runOnContext(v -> body.cancel().run());

    assertArrayEquals(bytes, read.array());
    assertEquals(1, origin.fetches.get());
    fixture.close();
  }

  @Test
  @DisplayName("a small range of a large object on disk comes from memory once its block was "
      + "copied there; an invalidation drops the block too")
  void hotBlock(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    byte[] bytes = random(3 * SIZE, 8);
    String key = "renditions/01j9zzzzzzzzzzzzzzzzzzzzzz/cmaf/720p/seg_1.m4s";
    origin.put(key, bytes);
    CacheFixture fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 1 << 20, 4 << 20, 4 * SIZE));
    fixture.get(key);
    ByteRange small = new ByteRange(270_000, 274_095, bytes.length);

    OriginBody first = await(fixture.onContext(() -> fixture.cache.open(key, small)));
    fixture.context.runOnContext(v -> first.cancel().run());
    CacheFixture.eventually("the block is in memory", () -> fixture.registry
        .find("reel.delivery.cache.entries").tag("level", "memory").gauge().value() == 1);
    OriginBody second = await(fixture.onContext(() -> fixture.cache.open(key, small)));
    fixture.context.runOnContext(v -> second.cancel().run());

    assertTrue(first.file().isPresent(), "first from the file");
    assertTrue(second.file().isEmpty(), "then from memory");
    assertArrayEquals(Arrays.copyOfRange(bytes, 270_000, 274_096),
        fixture.get(key, 270_000, 274_095).getBytes());
    fixture.cache.assetDeleted("01j9zzzzzzzzzzzzzzzzzzzzzz");
    assertEquals(0, fixture.registry.find("reel.delivery.cache.entries").tag("level", "memory")
        .gauge().value());
    fixture.close();
  }

  @Test
  @DisplayName("after a restart the disk level serves what it held, asking the origin only "
      + "whether it is still current (one HEAD)")
  void restart(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    byte[] bytes = random(SIZE, 4);
    origin.put(segment(1), bytes);
    CacheFixture before = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, 1 << 20, SIZE));
    before.get(segment(1));
    before.close();

    CacheFixture after = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, 1 << 20, SIZE));
    assertArrayEquals(bytes, after.get(segment(1)).getBytes());
    assertArrayEquals(bytes, after.get(segment(1)).getBytes());

    assertEquals(1, origin.fetches.get());
    assertEquals(1, origin.heads.get());
    assertEquals(before.cache.instanceId(), after.cache.instanceId());
    after.close();
  }

  @Test
  @DisplayName("a restart with a smaller disk level drops what can never fit it, and keeps the "
      + "most recent of the rest, instead of evicting the oldest until the level is empty")
  void restartWithSmallerLevel(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    int small = 40_000;
    int large = 300_000;
    for (int n = 1; n <= 3; n++) {
      origin.put(segment(n), random(small, 20 + n));
    }
    origin.put(segment(4), random(large, 24));
    filledThenStopped(vertx, origin, CacheFixture.settings(dir, 0, 1 << 20, large),
        segment(1), segment(2), segment(3), segment(4));

    CacheFixture after = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, 200_000, small));
    for (int n = 1; n <= 3; n++) {
      assertArrayEquals(origin.bytes(segment(n)), after.get(segment(n)).getBytes());
    }

    assertEquals(4, origin.fetches.get(), "the three small segments came from the disk");
    assertEquals(3.0, after.registry.find("reel.delivery.cache.entries").tag("level", "disk")
        .gauge().value());
    after.close();
  }

  @Test
  @DisplayName("after a restart, with the origin refusing to answer, the disk level serves what "
      + "it held (stale-if-error), and trusts it for a while instead of asking again")
  void restartWithOriginFailing(Vertx vertx) {
    byte[] bytes = random(SIZE, 5);
    CacheFixture after = restartedWithHeads(vertx, bytes, Future.failedFuture(
        new java.net.ConnectException("Connection refused")));

    assertArrayEquals(bytes, after.get(segment(1)).getBytes());
    assertArrayEquals(bytes, after.get(segment(1)).getBytes());

    assertEquals(1, after.origin.heads.get());
    assertEquals(1, after.origin.fetches.get(), "the fill before the restart alone");
    assertEquals(1.0, after.registry.find("reel.delivery.cache.stale").counter().count());
    after.close();
  }

  @Test
  @DisplayName("after a restart, with the origin silent, the disk level serves what it held once "
      + "the wait for the origin's answer is over, not after the origin's timeout")
  void restartWithOriginSilent(Vertx vertx) {
    byte[] bytes = random(SIZE, 6);
    CacheFixture after = restartedWithHeads(vertx, bytes,
        Promise.<Optional<ObjectInfo>>promise().future());

    long start = System.nanoTime();
    assertArrayEquals(bytes, after.get(segment(1)).getBytes());
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;

    // The fixture's wait is a second; the test's own await gives up long before a 30 s timeout.
    assertTrue(waitedMillis >= 900, "served after " + waitedMillis + " ms");
    assertEquals(1.0, after.registry.find("reel.delivery.cache.stale").counter().count());
    after.close();
  }

  @Test
  @DisplayName("while the files evicted for a fill wait to be deleted, the level's reported size "
      + "stays within its bound, and the fill's file comes once they are gone")
  void evictedFilesGoFirst() throws Exception {
    // One worker thread, which the test holds: evicted files cannot be deleted meanwhile.
    Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(1));
    try {
      FakeOrigin origin = new FakeOrigin(vertx);
      long capacity = 3 * ENTRY;
      CacheFixture fixture = new CacheFixture(vertx, origin,
          CacheFixture.settings(dir, 0, capacity, SIZE));
      for (int n = 1; n <= 4; n++) {
        origin.put(segment(n), random(SIZE, 40 + n));
      }
      for (int n = 1; n <= 3; n++) {
        fixture.get(segment(n));
      }
      CountDownLatch held = CacheFixture.holdTheWorker(vertx);

      CacheFixture.Reading reading = fixture.start(segment(4), null, null);
      CacheFixture.eventually("the fill began", () -> origin.fetches.get() == 4);
      double size = fixture.registry.find("reel.delivery.cache.size").tag("level", "disk")
          .gauge().value();
      assertTrue(size <= capacity, size + " bytes reported, of " + capacity);
      held.countDown();

      assertArrayEquals(origin.bytes(segment(4)), await(reading.done.future()).getBytes());
      CacheFixture.eventually("the fill's file", () -> CacheFixture.blocksBytes(dir) == capacity);
      fixture.get(segment(4));
      assertEquals(4, origin.fetches.get(), "the fill was kept");
      fixture.close();
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a request after a fill failed fetches afresh, even while the failed fill's file is "
      + "still to be made")
  void failedFillIsNotJoined() throws Exception {
    // One worker thread, which the test holds: the fill's part file cannot be made meanwhile.
    Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(1));
    try {
      FakeOrigin origin = new FakeOrigin(vertx);
      byte[] bytes = random(SIZE, 50);
      origin.put(segment(1), bytes);
      CacheFixture fixture = new CacheFixture(vertx, origin,
          CacheFixture.settings(dir, 0, 10 * ENTRY, 10 * SIZE));
      CountDownLatch held = CacheFixture.holdTheWorker(vertx);

      origin.holdBodies = true;
      CacheFixture.Reading failing = fixture.start(segment(1), null, null);
      CacheFixture.eventually("the fetch started", () -> origin.held.size() == 1);
      FakeBody body = origin.held.get(0);
      body.fail(new java.net.SocketException("Connection reset"));
      assertThrows(AssertionError.class, () -> await(failing.done.future()));
      origin.holdBodies = false;
      CacheFixture.Reading next = fixture.start(segment(1), null, null);
      held.countDown();

      assertArrayEquals(bytes, await(next.done.future()).getBytes(), "fetched afresh");
      assertEquals(2, origin.fetches.get());
      fixture.settled();
      assertEquals(1, CacheFixture.objectFiles(dir), "the second fill's file alone");
      fixture.close();
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("while the origin is silent (a check still unanswered after the wait), the next "
      + "held copy is served at once; once the origin has answered, checks wait for it again")
  void silentOriginServesAtOnce(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    for (int n = 1; n <= 3; n++) {
      origin.put(segment(n), random(SIZE, 30 + n));
    }
    EdgeCacheSettings settings = new EdgeCacheSettings(true, 0, 1 << 20, Optional.of(dir), SIZE,
        Duration.ofSeconds(60), Duration.ofSeconds(600), Duration.ofSeconds(2));
    filledThenStopped(vertx, origin, settings, segment(1), segment(2), segment(3));
    Promise<Optional<ObjectInfo>> silence = Promise.promise();
    origin.headAnswer = silence.future();
    CacheFixture after = new CacheFixture(vertx, origin, settings);

    assertTrue(millisToGet(after, segment(1)) >= 1900, "the first check waits");
    long second = millisToGet(after, segment(2));
    assertTrue(second < 1000, "the origin is known silent: served after " + second + " ms");
    silence.fail(new java.net.ConnectException("Connection refused"));
    origin.headAnswer = Promise.<Optional<ObjectInfo>>promise().future();
    assertTrue(millisToGet(after, segment(3)) >= 1900, "answered since: the check waits again");

    assertEquals(3, origin.heads.get(), "every copy was still checked");
    assertEquals(3.0, after.registry.find("reel.delivery.cache.stale").counter().count());
    after.close();
  }

  /** How long a whole GET of {@code key} took, its bytes checked. */
  private static long millisToGet(CacheFixture fixture, String key) {
    long start = System.nanoTime();
    assertArrayEquals(fixture.origin.bytes(key), fixture.get(key).getBytes());
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  @DisplayName("a copy the origin no longer has is not served stale: a failing check of an "
      + "object an event invalidated meanwhile fails the request")
  void invalidatedCopyIsNotServedStale(Vertx vertx) {
    byte[] bytes = random(SIZE, 7);
    Promise<Optional<ObjectInfo>> head = Promise.promise();
    CacheFixture after = restartedWithHeads(vertx, bytes, head.future());

    Future<Optional<ObjectInfo>> described = after.onContext(
        () -> after.cache.describe(segment(1)));
    CacheFixture.eventually("the check asked", () -> after.origin.heads.get() == 1);
    after.cache.assetDeleted("01j9zzzzzzzzzzzzzzzzzzzzzz");
    after.context.runOnContext(v -> head.fail(new java.net.ConnectException("refused")));

    assertThrows(AssertionError.class, () -> await(described));
    assertEquals(0.0, after.registry.find("reel.delivery.cache.stale").counter().count());
    after.close();
  }

  @Test
  @DisplayName("playlists and manifests are kept on disk too: after a restart, with the origin "
      + "refusing to answer, a player can still start a cached asset")
  void restartKeepsManifests(Vertx vertx) {
    String asset = "renditions/01j9zzzzzzzzzzzzzzzzzzzzzz/";
    byte[] master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\ncmaf/720p/index.m3u8\n".getBytes();
    byte[] mpd = "<?xml version=\"1.0\"?><MPD/>".getBytes();
    FakeOrigin origin = new FakeOrigin(vertx);
    origin.put(asset + "master.m3u8", master);
    origin.put(asset + "manifest.mpd", mpd);
    filledThenStopped(vertx, origin, CacheFixture.settings(dir, 1 << 20, 1 << 20, SIZE),
        asset + "master.m3u8", asset + "manifest.mpd");

    origin.headAnswer = Future.failedFuture(new java.net.ConnectException("Connection refused"));
    CacheFixture after = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 1 << 20, 1 << 20, SIZE));
    assertArrayEquals(master, after.get(asset + "master.m3u8").getBytes());
    assertArrayEquals(mpd, after.get(asset + "manifest.mpd").getBytes());

    assertEquals(2, origin.fetches.get(), "the fills before the restart alone");
    assertEquals(2.0, after.registry.find("reel.delivery.cache.stale").counter().count());
    after.close();
  }

  /** A cache that held segment 1 on disk before a restart, its origin answering HEADs so. */
  private CacheFixture restartedWithHeads(Vertx vertx, byte[] bytes,
      Future<Optional<ObjectInfo>> heads) {
    FakeOrigin origin = new FakeOrigin(vertx);
    origin.put(segment(1), bytes);
    filledThenStopped(vertx, origin, CacheFixture.settings(dir, 0, 1 << 20, SIZE), segment(1));
    origin.headAnswer = heads;
    return new CacheFixture(vertx, origin, CacheFixture.settings(dir, 0, 1 << 20, SIZE));
  }

  /** A cache over {@code dir} that viewers had read {@code keys} from, then stopped. */
  private static void filledThenStopped(Vertx vertx, FakeOrigin origin,
      EdgeCacheSettings settings, String... keys) {
    CacheFixture before = new CacheFixture(vertx, origin, settings);
    for (String key : keys) {
      before.get(key);
    }
    before.close();
  }

  @Test
  @DisplayName("a stop lets a fill that has every byte finish on disk, so a restart finds it")
  void stopFinishesFilling(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    byte[] bytes = random(SIZE, 9);
    origin.put(segment(1), bytes);
    CacheFixture before = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, 1 << 20, SIZE));
    await(before.start(segment(1), null, null).done.future());
    before.close();

    CacheFixture after = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, 1 << 20, SIZE));

    assertArrayEquals(bytes, after.get(segment(1)).getBytes());
    assertEquals(1, origin.fetches.get());
    after.close();
  }

  @Test
  @DisplayName("an object evicted, then changed or deleted at the origin while what the origin "
      + "said of it is still trusted, is described anew by the GET its miss makes")
  void evictedThenChanged(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    origin.put(segment(1), random(SIZE, 1));
    origin.put(segment(2), random(SIZE, 2));
    origin.put(segment(3), random(SIZE, 3));
    // Room for one object; what the origin says is trusted for ten minutes.
    CacheFixture fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, ENTRY + ENTRY / 2, SIZE));
    fixture.get(segment(1));
    fixture.get(segment(3));
    fixture.get(segment(2));
    byte[] changed = random(SIZE / 2, 4);
    origin.put(segment(1), changed);
    origin.delete(segment(3));

    assertArrayEquals(changed, fixture.get(segment(1)).getBytes(), "the current version");
    assertEquals(Optional.empty(), CacheFixture.await(fixture.onContext(
        () -> fixture.cache.describe(segment(3)))), "deleted");
    fixture.close();
  }

  @Test
  @DisplayName("after a restart, an object that changed at the origin meanwhile is fetched anew")
  void restartAfterChange(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    origin.put(segment(1), random(SIZE, 5));
    filledThenStopped(vertx, origin, CacheFixture.settings(dir, 0, 1 << 20, SIZE), segment(1));
    byte[] changed = random(SIZE, 6);
    origin.put(segment(1), changed);

    CacheFixture after = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, 1 << 20, SIZE));

    assertArrayEquals(changed, after.get(segment(1)).getBytes());
    assertEquals(2, origin.fetches.get());
    after.close();
  }

  @Test
  @DisplayName("at start, unfinished and unreadable files are deleted")
  void dropsUnfinishedFiles(Vertx vertx) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("ab"));
    Path part = Files.write(folder.resolve("abcd-1" + EntryFile.PART_SUFFIX), new byte[100]);
    Path garbage = Files.write(folder.resolve("abcd-2" + EntryFile.SUFFIX), new byte[5000]);
    Path truncated = folder.resolve("abcd-3" + EntryFile.SUFFIX);
    ByteBuffer header = EntryFile.header(segment(1), new dev.reel.delivery.storage.ObjectInfo(
        SIZE, "\"v1\"", null, null)).orElseThrow();
    Files.write(truncated, Arrays.copyOf(header.array(), EntryFile.HEADER_BYTES + 10));

    CacheFixture fixture = new CacheFixture(vertx, new FakeOrigin(vertx),
        CacheFixture.settings(dir, 0, 1 << 20, SIZE));

    assertFalse(Files.exists(part));
    assertFalse(Files.exists(garbage));
    assertFalse(Files.exists(truncated));
    fixture.close();
  }

  @Test
  @DisplayName("an object that found the disk's room taken by a fill under way is streamed, and "
      + "cached by a request a few seconds later, not ten minutes")
  void noRoomIsTriedAgain(Vertx vertx) throws Exception {
    FakeOrigin origin = new FakeOrigin(vertx);
    byte[] first = random(6 * SIZE, 1);
    byte[] second = random(6 * SIZE, 2);
    origin.put(segment(1), first);
    origin.put(segment(2), second);
    // Room for one of the two at a time; objects are trusted for ten minutes.
    CacheFixture fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, 10 * ENTRY, 10 * SIZE));

    origin.holdBodies = true;
    CacheFixture.Reading filling = fixture.start(segment(1), null, null);
    CacheFixture.eventually("the first fill holds its room", () -> origin.held.size() == 1);
    // Its part file is made on a worker thread, maybe after the second request is answered.
    CacheFixture.eventually("the first fill's file", () -> CacheFixture.objectFiles(dir) == 1);
    origin.holdBodies = false;
    assertArrayEquals(second, CacheFixture.await(fixture.start(segment(2), null, null).done
        .future()).getBytes(), "streamed without room");
    assertEquals(1, CacheFixture.objectFiles(dir), "only the first fill's file: no room for "
        + "the second");

    FakeBody held = origin.held.get(0);
    fixture.context.runOnContext(v -> {
      held.push(first, 0, first.length);
      held.end();
    });
    assertArrayEquals(first, CacheFixture.await(filling.done.future()).getBytes());
    fixture.settled();

    Thread.sleep(MetadataCache.NO_ROOM_RETRY.toMillis() + 200);
    assertArrayEquals(second, fixture.get(segment(2)).getBytes(), "cached this time");
    int fetches = origin.fetches.get();
    int ranges = origin.ranges.get();
    assertArrayEquals(second, fixture.get(segment(2)).getBytes());
    assertArrayEquals(Arrays.copyOfRange(second, 10, 20), fixture.get(segment(2), 10, 19)
        .getBytes());
    assertEquals(fetches, origin.fetches.get(), "then served from disk");
    assertEquals(ranges, origin.ranges.get(), "then served from disk");
    fixture.close();
  }

  @Test
  @DisplayName("the ranges of a multipart answer count one hit or one miss, the first range's, "
      + "and every range's bytes")
  void multipartOneResult(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    byte[] cached = random(SIZE, 3);
    byte[] large = random(3 * SIZE, 4);
    origin.put(segment(1), cached);
    origin.put(segment(2), large);
    CacheFixture fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, 1 << 20, SIZE));
    fixture.get(segment(1));
    fixture.get(segment(2));
    double hits = fixture.counter("reel.delivery.cache.hits", "level", "disk");
    double misses = fixture.counter("reel.delivery.cache.misses", "reason", "uncacheable");
    double cacheBytes = fixture.counter("reel.delivery.cache.bytes", "source", "cache");

    for (String key : new String[] {segment(1), segment(2)}) {
      byte[] bytes = key.equals(segment(1)) ? cached : large;
      long length = bytes.length;
      for (int part = 0; part < 3; part++) {
        ByteRange range = new ByteRange(part * 1000L, part * 1000L + 99, length);
        boolean first = part == 0;
        OriginBody body = CacheFixture.await(fixture.onContext(() -> first
            ? fixture.cache.open(key, range) : fixture.cache.openAnotherPart(key, range)));
        assertArrayEquals(Arrays.copyOfRange(bytes, part * 1000, part * 1000 + 100),
            CacheFixture.await(fixture.onContext(() -> read(body))).getBytes());
      }
    }

    assertEquals(hits + 1, fixture.counter("reel.delivery.cache.hits", "level", "disk"));
    assertEquals(misses + 1, fixture.counter("reel.delivery.cache.misses", "reason",
        "uncacheable"));
    assertEquals(cacheBytes + 300, fixture.counter("reel.delivery.cache.bytes", "source",
        "cache"));
    fixture.close();
  }

  @Test
  @DisplayName("objects over the largest cacheable size are streamed from the origin, never kept")
  void tooLarge(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    byte[] bytes = random(3 * SIZE, 7);
    origin.put(segment(1), bytes);
    CacheFixture fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, 1 << 20, SIZE));

    assertArrayEquals(bytes, fixture.get(segment(1)).getBytes());
    assertArrayEquals(Arrays.copyOfRange(bytes, 10, 20), fixture.get(segment(1), 10, 19)
        .getBytes());

    assertEquals(1, origin.fetches.get(), "the first look was a GET");
    assertEquals(1, origin.ranges.get(), "the first request read that GET's body; only the "
        + "second range was a GET of its own");
    assertEquals(0, filesBytes(dir));
    assertEquals(2, fixture.counter("reel.delivery.cache.misses", "reason", "cold")
        + fixture.counter("reel.delivery.cache.misses", "reason", "uncacheable"),
        "one miss per request, two requests");
    fixture.close();
  }

  @Test
  @DisplayName("the body of a GET that found an object too large to cache, if its request does "
      + "not take it (a 304, a range elsewhere), is cut after a second")
  void untakenBodyCut(Vertx vertx) {
    FakeOrigin origin = new FakeOrigin(vertx);
    origin.holdBodies = true;
    origin.put(segment(1), random(3 * SIZE, 7));
    CacheFixture fixture = new CacheFixture(vertx, origin,
        CacheFixture.settings(dir, 0, 1 << 20, SIZE));

    assertEquals(3L * SIZE, CacheFixture.await(fixture.onContext(() -> fixture.cache.describe(
        segment(1)))).orElseThrow().length());

    assertEquals(1, origin.held.size());
    CacheFixture.eventually("the untaken body cut", () -> origin.held.get(0).cancelled());
    fixture.close();
  }
}
