package dev.reel.common.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutablesTest {

  @Test
  void findsAProgramOnPathAndNothingForAMissingOne() {
    Path sh = Executables.onPath("sh").orElseThrow();
    assertTrue(Files.isRegularFile(sh) && Files.isExecutable(sh), sh.toString());
    assertEquals("sh", sh.getFileName().toString());
    assertEquals(Optional.empty(), Executables.onPath("reel-no-such-program"));
  }
}
