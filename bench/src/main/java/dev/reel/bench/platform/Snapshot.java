package dev.reel.bench.platform;

import dev.reel.common.files.DirectoryTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private copy of the platform's runnable jars (each with its {@code lib/}), laid out as in the
 * source tree, for the platform to run from. A JVM loads classes from its jars lazily for its
 * whole life, so a build in the same tree during a 20-minute run (another developer's
 * {@code ./mvnw package}, an IDE) would swap jars under the running services and end in
 * NoClassDefFoundError. Copies, not hard links: Maven rewrites jars in place.
 */
public final class Snapshot {

  private static final Logger LOG = LoggerFactory.getLogger(Snapshot.class);

  /** Module directory and jar name of everything {@code reel-platform.jar up} starts. */
  private static final List<String[]> RUNNABLES = List.of(
      new String[] {"platform", "reel-platform.jar"},
      new String[] {"embedded/kafka-broker", "reel-embedded-kafka.jar"},
      new String[] {"embedded/s3-server", "reel-embedded-s3.jar"},
      new String[] {"ingest-service", "ingest-service.jar"},
      new String[] {"transcode-service", "transcode-service.jar"},
      new String[] {"delivery-service", "delivery-service.jar"},
      new String[] {"admin-service", "admin-service.jar"});

  private Snapshot() {
  }

  /** Copies the runnables of {@code home} to {@code dest} (emptied first); returns dest. */
  public static Path take(Path home, Path dest) {
    long begin = System.nanoTime();
    long[] bytes = {0};
    try {
      DirectoryTree.delete(dest);
      for (String[] runnable : RUNNABLES) {
        Path target = home.resolve(runnable[0]).resolve("target");
        Path jar = target.resolve(runnable[1]);
        if (!Files.isRegularFile(jar)) {
          throw new IllegalStateException(jar + " is missing: run ./reel build first");
        }
        Path copyTarget = dest.resolve(runnable[0]).resolve("target");
        Files.createDirectories(copyTarget.resolve("lib"));
        bytes[0] += copy(jar, copyTarget.resolve(runnable[1]));
        try (Stream<Path> libs = Files.list(target.resolve("lib"))) {
          for (Path lib : libs.toList()) {
            bytes[0] += copy(lib, copyTarget.resolve("lib").resolve(lib.getFileName()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the platform's jars to " + dest, e);
    }
    LOG.info("platform jars copied to {} ({} MiB in {} ms)", dest, bytes[0] >> 20,
        (System.nanoTime() - begin) / 1_000_000);
    return dest;
  }

  private static long copy(Path from, Path to) throws IOException {
    Files.copy(from, to);
    return Files.size(to);
  }
}
