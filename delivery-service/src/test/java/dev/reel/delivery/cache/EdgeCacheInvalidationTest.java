package dev.reel.delivery.cache;

import static dev.reel.delivery.cache.CacheFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.StorageLayout;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Events drop what the cache holds of an asset. */
@ExtendWith(VertxExtension.class)
class EdgeCacheInvalidationTest {

  private static final String ASSET = "01j9zzzzzzzzzzzzzzzzzzzzzz";
  private static final String OTHER = "01j9yyyyyyyyyyyyyyyyyyyyyy";
  private static final String MASTER = StorageLayout.renditionKey(ASSET, "master.m3u8");
  private static final String SEGMENT = StorageLayout.renditionKey(ASSET, "cmaf/360p/seg_1.m4s");

  @TempDir
  Path dir;
  private FakeOrigin origin;
  private CacheFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    origin = new FakeOrigin(vertx);
    fixture = new CacheFixture(vertx, origin, CacheFixture.settings(dir, 1 << 20, 1 << 20,
        100_000));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("an invalidation that comes while the origin answers a fetch gives the room it "
      + "took on disk back; the viewer still gets the object")
  void invalidatedWhileAnswering() {
    byte[] bytes = CacheFixture.random(5000, 3);
    origin.put(SEGMENT, bytes);
    Promise<Void> answer = Promise.promise();
    origin.answers = answer.future();
    CacheFixture.Reading reading = fixture.start(SEGMENT, null, null);
    CacheFixture.eventually("the fetch asked the origin", () -> origin.fetches.get() == 1);

    assertEquals(1, fixture.cache.assetDeleted(ASSET));
    await(fixture.onContext(() -> {
      answer.complete();
      return Future.succeededFuture();
    }));

    assertArrayEquals(bytes, await(reading.done.future()).getBytes());
    fixture.settled();
    assertEquals(0, fixture.registry.find("reel.delivery.cache.size").tag("level", "disk")
        .gauge().value(), "no room is left taken");
  }

  @Test
  @DisplayName("media.deleted drops the asset's original and outputs, and only them")
  void deleted() {
    String original = StorageLayout.originalKey(ASSET);
    String otherSegment = StorageLayout.renditionKey(OTHER, "cmaf/360p/seg_1.m4s");
    for (String key : new String[] {original, SEGMENT, otherSegment}) {
      origin.put(key, CacheFixture.random(5000, key.hashCode()));
      fixture.get(key);
    }

    assertEquals(2, fixture.cache.assetDeleted(ASSET));
    origin.delete(original);

    assertTrue(await(fixture.onContext(() -> fixture.cache.describe(original))).isEmpty());
    fixture.get(otherSegment);
    assertEquals(4, origin.fetches.get(), "three fills, and one look for the deleted original");
  }

  @Test
  @DisplayName("new transcode output drops the asset's playlists at once, however long their "
      + "TTL; its segments stay")
  void manifests() {
    origin.put(MASTER, "#EXTM3U\n# one rung\n".getBytes(StandardCharsets.UTF_8));
    origin.put(SEGMENT, CacheFixture.random(5000, 1));
    fixture.get(MASTER);
    fixture.get(SEGMENT);
    origin.put(MASTER, "#EXTM3U\n# the whole ladder\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("#EXTM3U\n# one rung\n", fixture.get(MASTER).toString(), "cached for its TTL");

    fixture.cache.renditionsChanged(ASSET, false);

    assertEquals("#EXTM3U\n# the whole ladder\n", fixture.get(MASTER).toString());
    fixture.get(SEGMENT);
    assertEquals(3, origin.fetches.get());
    assertEquals(0, origin.heads.get());
  }

  @Test
  @DisplayName("what the origin says about an object is kept even while other assets are "
      + "invalidated meanwhile")
  void unrelatedInvalidations() {
    origin.put(SEGMENT, CacheFixture.random(5000, 1));
    origin.holdBodies = true;
    CacheFixture.Reading reading = fixture.start(SEGMENT, null, null);
    CacheFixture.eventually("the fetch started", () -> origin.held.size() == 1);

    fixture.cache.assetDeleted(OTHER);
    origin.held.get(0).push(origin.bytes(SEGMENT), 0, 5000);
    origin.held.get(0).end();
    await(reading.done.future());
    fixture.settled();
    origin.holdBodies = false;
    fixture.get(SEGMENT);

    assertEquals(1, origin.fetches.get());
    assertEquals(0, origin.heads.get());
  }

  @Test
  @DisplayName("a completed transcode also has the asset's other outputs checked again (a HEAD), "
      + "without fetching their bytes again")
  void completed() {
    origin.put(SEGMENT, CacheFixture.random(5000, 1));
    fixture.get(SEGMENT);

    fixture.cache.renditionsChanged(ASSET, true);
    fixture.get(SEGMENT);

    assertEquals(1, origin.fetches.get());
    assertEquals(1, origin.heads.get());
  }
}
