package dev.reel.bench.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceLogsTest {

  @Test
  void quotesNewErrorsWithDataPathsRelative(@TempDir Path dataDir) throws Exception {
    Path logs = Files.createDirectories(dataDir.resolve("logs"));
    Path s3 = logs.resolve("s3.log");
    Files.writeString(s3, "12:00:00.000 WARN  [main] old news\n");
    ServiceLogs marked = ServiceLogs.mark(logs);
    Files.writeString(s3, "12:00:01.000 ERROR [io] unexpected exception\n"
        + "java.nio.file.FileSystemException: " + dataDir.resolve("s3/blobs/x") + ": gone\n",
        java.nio.file.StandardOpenOption.APPEND);

    List<String> summary = marked.summary();

    assertEquals(1, summary.size());
    assertTrue(summary.get(0).startsWith("`s3.log` logged 1 ERROR and 0 WARN lines"),
        summary.get(0));
    assertTrue(summary.get(0).contains("FileSystemException: <data>/s3/blobs/x: gone"),
        summary.get(0));
  }
}
