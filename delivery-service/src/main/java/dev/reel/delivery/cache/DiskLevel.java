package dev.reel.delivery.cache;

import dev.reel.delivery.storage.ObjectInfo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk level: complete objects in {@link EntryFile self-describing files} under one
 * directory, least recently used out first. The bound is strict: files on disk, files evicted but
 * still being read, and the full length of every fill under way together never exceed the
 * capacity, and a fill writes its first byte only once the files evicted to make room for it are
 * gone. At start it rebuilds its index from the files it finds (oldest first), so it survives a
 * restart. One delivery process owns a directory at a time.
 */
final class DiskLevel {

  private static final Logger LOG = LoggerFactory.getLogger(DiskLevel.class);
  /** Beyond this many open channels, those of the least recently used idle files are closed. */
  static final int MAX_OPEN_CHANNELS = 1024;
  private static final String LOCK_FILE = ".lock";
  private static final String INSTANCE_FILE = "instance-id";

  /** One complete object on disk. */
  record Entry(String key, ObjectInfo info, SharedFile file) {
  }

  /** Room promised to one fill; {@code ready} completes once the files evicted for it are gone. */
  record Reservation(long bytes, Future<Void> ready) {
  }

  /** Another process (or another delivery in this one) has the directory. */
  static final class DirectoryInUse extends IllegalStateException {
    DirectoryInUse(Path dir) {
      super(dir + " is in use by another delivery instance");
    }
  }

  private final Vertx vertx;
  private final Path dir;
  private final long capacity;
  private final CacheMetrics metrics;
  private final FileChannel lockChannel;
  private final String instanceId;
  private final LruIndex<Entry> index = new LruIndex<>();
  private final Set<Future<Void>> deletions = new HashSet<>();
  private final AtomicInteger openChannels = new AtomicInteger();
  /** Bytes of the files on disk plus those promised to fills. */
  private long used;
  /** Of {@link #used}, bytes of files being deleted right now. */
  private long freeing;
  private boolean broken;

  private DiskLevel(Vertx vertx, Path dir, long capacity, CacheMetrics metrics,
      FileChannel lockChannel, String instanceId) {
    this.vertx = vertx;
    this.dir = dir;
    this.capacity = capacity;
    this.metrics = metrics;
    this.lockChannel = lockChannel;
    this.instanceId = instanceId;
  }

  /**
   * Takes the directory (creating it), drops unfinished and unreadable files, indexes the
   * complete ones and evicts the oldest if they exceed {@code capacity}. Fails with
   * {@link DirectoryInUse} if another delivery holds it.
   */
  static Future<DiskLevel> open(Vertx vertx, Path dir, long capacity, CacheMetrics metrics) {
    return vertx.executeBlocking(() -> load(vertx, dir, capacity, metrics), false);
  }

  private static DiskLevel load(Vertx vertx, Path dir, long capacity, CacheMetrics metrics)
      throws IOException {
    Files.createDirectories(dir);
    FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new DirectoryInUse(dir);
    }
    DiskLevel level = new DiskLevel(vertx, dir, capacity, metrics, lockChannel,
        instanceId(dir.resolve(INSTANCE_FILE)));
    level.indexExistingFiles();
    return level;
  }

  /** The id of this cache directory, kept in it: the consumer group of its invalidations. */
  private static String instanceId(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      String id = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (id.matches("[0-9a-f-]{36}")) {
        return id;
      }
    }
    String id = UUID.randomUUID().toString();
    Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
    return id;
  }

  private record Found(EntryFile.Described described, Path path, long bytes, long modified) {
  }

  private void indexExistingFiles() throws IOException {
    List<Found> found = new ArrayList<>();
    int discarded = 0;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir, 2)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.endsWith(EntryFile.PART_SUFFIX)) {
        // A fill that a crash interrupted: never complete, never served.
        Files.deleteIfExists(file);
        discarded++;
      } else if (name.endsWith(EntryFile.SUFFIX)) {
        Optional<EntryFile.Described> described;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
          described = EntryFile.read(channel);
        }
        if (described.isPresent()) {
          found.add(new Found(described.get(), file,
              EntryFile.diskBytes(described.get().info().length()),
              Files.getLastModifiedTime(file).toMillis()));
        } else {
          Files.deleteIfExists(file);
          discarded++;
        }
      }
    }
    // Oldest first, so the most recently filled end up the most recently used. Of two copies of
    // one key (a newer version filled before the older one's file was deleted) the newer wins.
    found.sort(Comparator.comparingLong(Found::modified));
    Map<String, Found> newest = new HashMap<>();
    found.forEach(f -> newest.put(f.described().key(), f));
    int tooLarge = 0;
    for (Found f : found) {
      if (newest.get(f.described().key()) != f) {
        Files.deleteIfExists(f.path());
        discarded++;
        continue;
      }
      if (f.bytes() > capacity) {
        // Filled under a larger bound: it can never fit this one, and evicting the oldest to
        // make room for it would empty the level.
        Files.deleteIfExists(f.path());
        metrics.evicted("disk");
        tooLarge++;
        continue;
      }
      index.put(f.described().key(), new Entry(f.described().key(), f.described().info(),
          new SharedFile(vertx, f.path(), null, f.bytes(), openChannels)), f.bytes());
      used += f.bytes();
    }
    while (used > capacity && index.size() > 0) {
      Entry eldest = index.values().get(0);
      index.remove(eldest.key());
      Files.deleteIfExists(eldest.file().path());
      used -= eldest.file().bytes();
      metrics.evicted("disk");
    }
    LOG.info("edge cache: disk level at {} holds {} objects, {} bytes of {}{}", dir,
        index.size(), used, capacity,
        (discarded == 0 ? "" : "; dropped " + discarded + " unfinished or unreadable files")
            + (tooLarge == 0 ? "" : "; evicted " + tooLarge + " larger than the whole level"));
  }

  String instanceId() {
    return instanceId;
  }

  Path dir() {
    return dir;
  }

  /**
   * The entry of {@code key} at {@code etag}, held for the caller (who must
   * {@link SharedFile#release release} it) and now the most recently used; null if the level
   * does not have that version.
   */
  synchronized Entry hold(String key, String etag) {
    Entry entry = index.peek(key);
    if (entry == null || !etag.equals(entry.info().etag()) || !entry.file().hold()) {
      return null;
    }
    index.get(key);
    return entry;
  }

  /** What the level holds for {@code key}, whatever its version; null if nothing. */
  synchronized ObjectInfo peek(String key) {
    Entry entry = index.peek(key);
    return entry == null ? null : entry.info();
  }

  /** The channel of a held entry; opening it may close those of idle ones. */
  Future<FileChannel> channel(Entry held) {
    return held.file().channel().onSuccess(opened -> {
      if (openChannels.get() > MAX_OPEN_CHANNELS) {
        closeIdleChannels();
      }
    });
  }

  private synchronized void closeIdleChannels() {
    int toClose = openChannels.get() - MAX_OPEN_CHANNELS * 3 / 4;
    for (Entry entry : index.values()) {
      if (toClose <= 0) {
        return;
      }
      if (entry.file().idleAndOpen()) {
        entry.file().closeIfIdle();
        toClose--;
      }
    }
  }

  /**
   * Promises {@code bytes} of room to a fill, evicting the least recently used entries nobody
   * is reading; empty if that cannot make enough room (or the level is off after an I/O error).
   */
  synchronized Optional<Reservation> reserve(long bytes) {
    if (broken || bytes > capacity) {
      return Optional.empty();
    }
    long toFree = used - freeing + bytes - capacity;
    if (toFree > 0) {
      List<String> victims = index.victims(toFree, entry -> entry.file().unheld());
      if (victims == null) {
        return Optional.empty();
      }
      List<SharedFile> evicted = new ArrayList<>(victims.size());
      victims.forEach(key -> evicted.add(drop(index.remove(key), true)));
      SharedFile.releaseAll(vertx, evicted);
      metrics.evicted("disk", victims.size());
    }
    used += bytes;
    // Every deletion under way, not only this one's: room counted as free is really free.
    Future<Void> ready = Future.join(new ArrayList<>(deletions)).<Void>mapEmpty()
        .otherwiseEmpty();
    return Optional.of(new Reservation(bytes, ready));
  }

  /** Gives back a reservation whose fill never made a file. */
  synchronized void cancel(Reservation reservation) {
    used -= reservation.bytes();
  }

  /**
   * A new file for a fill of {@code key}, with its header written, open for writing and
   * reading; the caller holds it.
   */
  Future<SharedFile> createPart(String key, ObjectInfo info, Reservation reservation) {
    ByteBuffer header = EntryFile.header(key, info).orElse(null);
    if (header == null) {
      return Future.failedFuture(new IllegalArgumentException("description too long: " + key));
    }
    Path part = EntryFile.partPath(dir, key);
    return vertx.executeBlocking(() -> {
      Files.createDirectories(part.getParent());
      FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        while (header.hasRemaining()) {
          channel.write(header, header.position());
        }
      } catch (IOException e) {
        channel.close();
        Files.deleteIfExists(part);
        throw e;
      }
      openChannels.incrementAndGet();
      return new SharedFile(vertx, part, channel, reservation.bytes(), openChannels);
    }, false);
  }

  /**
   * Makes a filled part file an entry: flushed, renamed, indexed (replacing any other version of
   * the key). The caller keeps its own hold and releases it when done.
   */
  Future<Void> commit(Reservation reservation, String key, ObjectInfo info, SharedFile part) {
    Path entryPath = EntryFile.entryPath(part.path());
    return part.channel()
        .compose(channel -> vertx.executeBlocking(() -> {
          // Flushed before the rename: after a power cut, an entry name still means every byte.
          channel.force(false);
          Files.move(part.path(), entryPath, StandardCopyOption.ATOMIC_MOVE);
          return null;
        }, false))
        .map(v -> {
          part.movedTo(entryPath);
          synchronized (this) {
            part.hold();
            Entry replaced = index.put(key, new Entry(key, info, part), reservation.bytes());
            if (replaced != null) {
              evict(replaced, false);
            }
          }
          return null;
        });
  }

  /**
   * Deletes a part file once its readers are done, and gives its room back. The caller still
   * releases its own hold.
   */
  void abandon(Reservation reservation, SharedFile part) {
    part.drop(() -> freed(reservation.bytes(), false, null));
  }

  /** Drops every entry whose key matches; returns their keys. */
  synchronized Set<String> removeIf(Predicate<String> keys) {
    Map<String, Entry> removed = index.removeIf((key, entry) -> keys.test(key));
    removed.values().forEach(entry -> evict(entry, false));
    return removed.keySet();
  }

  /** Drops whatever version of {@code key} the level has. */
  synchronized void remove(String key) {
    Entry entry = index.remove(key);
    if (entry != null) {
      evict(entry, false);
    }
  }

  /** Drops the entry of {@code key} if it is the version {@code etag}. */
  synchronized void remove(String key, String etag) {
    Entry entry = index.peek(key);
    if (entry != null && etag.equals(entry.info().etag())) {
      evict(index.remove(key), false);
    }
  }

  /** After an I/O error the level stops taking new objects; what it has stays readable. */
  synchronized void failed(Throwable cause) {
    if (!broken) {
      broken = true;
      LOG.error("edge cache: disk level at {} failed, caching on disk stops until a restart: {}",
          dir, cause.toString());
    }
  }

  /** Must hold the lock; the entry is already out of the index. */
  private void evict(Entry entry, boolean victim) {
    drop(entry, victim).release();
  }

  /** Drops an entry's file from the level; the caller lets go of the level's hold on it. */
  private SharedFile drop(Entry entry, boolean victim) {
    long bytes = entry.file().bytes();
    Promise<Void> deleted = Promise.promise();
    if (victim) {
      // Nobody reads it: its release deletes it right away.
      freeing += bytes;
      deletions.add(deleted.future());
    }
    entry.file().drop(() -> freed(bytes, victim, deleted));
    return entry.file();
  }

  private synchronized void freed(long bytes, boolean victim, Promise<Void> deleted) {
    used -= bytes;
    if (victim) {
      freeing -= bytes;
      deletions.remove(deleted.future());
    }
    if (deleted != null) {
      deleted.tryComplete();
    }
  }

  synchronized int entries() {
    return index.size();
  }

  /**
   * Bytes of the level's files and of the room promised to fills under way: never more than the
   * capacity. Files evicted and being deleted are not counted: their room is promised already,
   * and the fill it went to writes once they are gone.
   */
  synchronized long bytes() {
    return used - freeing;
  }

  long capacity() {
    return capacity;
  }

  /** Lets go of every file (deleting none) and of the directory. */
  Future<Void> close() {
    List<Entry> entries;
    synchronized (this) {
      entries = index.values();
    }
    entries.forEach(entry -> entry.file().release());
    return vertx.executeBlocking(() -> {
      lockChannel.close();
      return null;
    }, false);
  }
}
