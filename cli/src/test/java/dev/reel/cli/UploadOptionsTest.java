package dev.reel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadOptionsTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("options become the tus Upload-Metadata that ingest reads")
  void metadata() throws Exception {
    Path file = Files.writeString(dir.resolve("clip.mp4"), "x");
    UploadOptions options = UploadOptions.parse(List.of(file.toString(), "--tag", "show=a b",
        "--tag", "season=1", "--storage-class", "STANDARD_IA", "--type", "video/mp4"));
    assertEquals(Map.of("filename", "clip.mp4", "filetype", "video/mp4",
        "storageClass", "STANDARD_IA", "tags", "show=a+b&season=1"), options.metadata());
  }

  @Test
  @DisplayName("a missing file, a bad tag or an unknown option is a usage error")
  void usageErrors() throws Exception {
    Path file = Files.writeString(dir.resolve("clip.mp4"), "x");
    assertThrows(IllegalArgumentException.class, () -> UploadOptions.parse(List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> UploadOptions.parse(List.of(dir.resolve("missing.mp4").toString())));
    assertThrows(IllegalArgumentException.class,
        () -> UploadOptions.parse(List.of(file.toString(), "--tag", "novalue")));
    assertThrows(IllegalArgumentException.class,
        () -> UploadOptions.parse(List.of(file.toString(), "--colour", "red")));
    assertThrows(IllegalArgumentException.class,
        () -> UploadOptions.parse(List.of(file.toString(), "--tag")));
  }

  @Test
  @DisplayName("sizes print in binary units")
  void sizes() {
    assertEquals("512 B", ProgressBar.size(512));
    assertEquals("1.5 MiB", ProgressBar.size(1536 * 1024));
  }
}
