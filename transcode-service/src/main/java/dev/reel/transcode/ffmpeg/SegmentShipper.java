package dev.reel.transcode.ffmpeg;

import dev.reel.transcode.storage.RenditionStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads an encode's segments while it is still running, so that little is left to upload
 * when it ends. ffmpeg's hls muxer writes a VOD playlist only at the end, but it opens a
 * rendition's next segment file only after closing the one before: every segment but the
 * newest is final. Those are uploaded every {@link #PERIOD_MS}; the newest segment, the init
 * segment and the playlists are left to the job's publish step, which also uploads again any
 * file whose size changed after it was shipped. A failed upload here is only logged: the file
 * counts as not shipped, and publish uploads it (and fails the job if it cannot).
 */
final class SegmentShipper {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentShipper.class);
  static final long PERIOD_MS = 1000;

  private final RenditionStorage storage;
  private final Path out;
  private final String prefix;
  private final List<Path> dirs;
  private final Map<Path, Long> shipped = new ConcurrentHashMap<>();
  private final BiConsumer<Path, Integer> finished;
  private final Thread thread;
  private volatile boolean stopped;

  private SegmentShipper(String jobId, RenditionStorage storage, Path out, String prefix,
      List<Path> dirs, BiConsumer<Path, Integer> finished) {
    this.storage = storage;
    this.finished = finished;
    this.out = out;
    this.prefix = prefix;
    this.dirs = List.copyOf(dirs);
    this.thread = new Thread(this::loop, "ship-segments-" + jobId);
    thread.setDaemon(true);
  }

  /**
   * Starts shipping the finished segments that appear in {@code dirs} under {@code out}.
   *
   * @param finished told, every period, how many segments of each folder are final: a measure
   *     of the encode's progress that does not depend on ffmpeg's own reports
   */
  static SegmentShipper start(String jobId, RenditionStorage storage, Path out, String prefix,
      List<Path> dirs, BiConsumer<Path, Integer> finished) {
    SegmentShipper shipper = new SegmentShipper(jobId, storage, out, prefix, dirs, finished);
    shipper.thread.start();
    return shipper;
  }

  /** Stops shipping and waits for an upload under way to end. */
  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.MINUTES.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Of {@code files}, those not in storage as they are now. Call after {@link #stop}. */
  List<Path> unshipped(List<Path> files) {
    List<Path> left = new ArrayList<>();
    for (Path file : files) {
      Long size = shipped.get(file);
      if (size == null || size != sizeOf(file)) {
        left.add(file);
      }
    }
    return left;
  }

  int shippedCount() {
    return shipped.size();
  }

  private void loop() {
    while (!stopped) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
      if (stopped) {
        return;
      }
      List<Path> ready = finishedSegments();
      if (ready.isEmpty()) {
        continue;
      }
      Map<Path, Long> sizes = new HashMap<>();
      ready.forEach(file -> sizes.put(file, sizeOf(file)));
      try {
        storage.uploadAll(out, ready, prefix);
        shipped.putAll(sizes);
      } catch (RuntimeException e) {
        LOG.debug("segments not shipped yet ({}); they go up when the encode ends",
            e.toString());
      }
    }
  }

  /** In each rendition folder, every segment but the newest, not yet shipped. */
  private List<Path> finishedSegments() {
    List<Path> ready = new ArrayList<>();
    for (Path dir : dirs) {
      List<Path> segments;
      try (Stream<Path> files = Files.list(dir)) {
        segments = files.filter(f -> {
          String name = f.getFileName().toString();
          return name.startsWith("seg_") && name.endsWith(".m4s");
        }).sorted().toList();
      } catch (IOException e) {
        continue;
      }
      for (int i = 0; i < segments.size() - 1; i++) {
        if (!shipped.containsKey(segments.get(i))) {
          ready.add(segments.get(i));
        }
      }
      finished.accept(dir, Math.max(0, segments.size() - 1));
    }
    return ready;
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
