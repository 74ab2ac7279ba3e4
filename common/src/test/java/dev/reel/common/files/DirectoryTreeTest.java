package dev.reel.common.files;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTreeTest {

  @TempDir
  Path temp;

  @Test
  void deletesNestedFilesAndDirectoriesAndLeavesItsSiblings() throws Exception {
    Path tree = temp.resolve("tree");
    Files.createDirectories(tree.resolve("a/b/c"));
    Files.writeString(tree.resolve("a/b/c/deep.txt"), "deep");
    Files.writeString(tree.resolve("a/top.txt"), "top");
    Files.createDirectories(tree.resolve("empty"));
    Path sibling = Files.writeString(temp.resolve("sibling.txt"), "stays");

    DirectoryTree.delete(tree);

    assertFalse(Files.exists(tree));
    assertTrue(Files.exists(sibling));
  }

  @Test
  void aDirectoryThatIsNotThereIsFine() {
    assertDoesNotThrow(() -> DirectoryTree.delete(temp.resolve("never-made")));
  }

  @Test
  void aSingleFileIsDeletedToo() throws Exception {
    Path file = Files.writeString(temp.resolve("one.txt"), "x");

    DirectoryTree.delete(file);

    assertFalse(Files.exists(file));
  }
}
