package dev.reel.common.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deleting a directory with everything under it. Blocking: call it off the event loop. */
public final class DirectoryTree {

  private DirectoryTree() {
  }

  /**
   * Deletes {@code dir} and everything under it, deepest first; a directory that is not there is
   * fine. A file that cannot be deleted does not stop the others: the first such failure is
   * thrown at the end.
   */
  public static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    IOException first = null;
    for (Path path : paths) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw new UncheckedIOException("cannot delete all of " + dir, first);
    }
  }
}
