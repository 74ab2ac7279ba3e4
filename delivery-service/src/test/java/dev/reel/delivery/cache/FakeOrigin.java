package dev.reel.delivery.cache;

import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.storage.ObjectInfo;
import dev.reel.delivery.storage.Origin;
import dev.reel.delivery.storage.OriginBody;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin in memory that counts what it is asked: whole fetches, HEADs and range GETs. With
 * {@link #holdBodies}, the bodies it fetches wait for the test to push their bytes.
 */
final class FakeOrigin implements Origin {

  private record Stored(byte[] bytes, String etag) {
  }

  private final Vertx vertx;
  private final Map<String, Stored> objects = new ConcurrentHashMap<>();
  private final AtomicInteger versions = new AtomicInteger();
  final AtomicInteger fetches = new AtomicInteger();
  final AtomicInteger heads = new AtomicInteger();
  final AtomicInteger ranges = new AtomicInteger();
  final List<FakeBody> held = new CopyOnWriteArrayList<>();
  volatile boolean holdBodies;
  /** When set, every fetch answers only once it completes. */
  volatile Future<Void> answers;
  /** When set, what every HEAD answers instead (a failure, or a future that never completes). */
  volatile Future<Optional<ObjectInfo>> headAnswer;

  FakeOrigin(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Stores (or replaces) an object; each version gets a new ETag. */
  void put(String key, byte[] bytes) {
    objects.put(key, new Stored(bytes.clone(), "\"v" + versions.incrementAndGet() + "\""));
  }

  byte[] bytes(String key) {
    return objects.get(key).bytes().clone();
  }

  void delete(String key) {
    objects.remove(key);
  }

  private ObjectInfo info(Stored stored) {
    return new ObjectInfo(stored.bytes().length, stored.etag(), "video/iso.segment",
        Instant.parse("2026-01-02T03:04:05Z"));
  }

  @Override
  public Future<Optional<ObjectInfo>> describe(String key) {
    heads.incrementAndGet();
    Future<Optional<ObjectInfo>> instead = headAnswer;
    if (instead != null) {
      return instead;
    }
    return Future.succeededFuture(Optional.ofNullable(objects.get(key)).map(this::info));
  }

  @Override
  public Future<OriginBody> open(String key, ByteRange range) {
    ranges.incrementAndGet();
    Stored stored = objects.get(key);
    FakeBody body = new FakeBody(vertx.getOrCreateContext());
    feed(body, Arrays.copyOfRange(stored.bytes(), (int) range.first(),
        (int) range.last() + 1));
    return Future.succeededFuture(new OriginBody(body, body::cancel));
  }

  @Override
  public Future<Optional<Fetched>> fetch(String key) {
    fetches.incrementAndGet();
    Stored stored = objects.get(key);
    if (stored == null) {
      return Future.succeededFuture(Optional.empty());
    }
    FakeBody body = new FakeBody(vertx.getOrCreateContext());
    if (holdBodies) {
      held.add(body);
    } else {
      feed(body, stored.bytes());
    }
    Future<Void> answered = answers == null ? Future.succeededFuture() : answers;
    return answered.map(v -> Optional.of(new Fetched(info(stored),
        new OriginBody(body, body::cancel))));
  }

  private static void feed(FakeBody body, byte[] bytes) {
    body.push(bytes, 0, bytes.length);
    body.end();
  }
}
