package dev.reel.common.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CommandPrefixTest {

  @Test
  @DisplayName("nice at 0 is no prefix; from 1 to 19 it is nice -n N, and a child run through it "
      + "has that nice value")
  void nice() throws Exception {
    assertEquals(List.of(), CommandPrefix.nice(0));
    List<String> prefix = CommandPrefix.nice(7);
    assertEquals(List.of("-n", "7"), prefix.subList(1, 3));
    assertTrue(Files.isExecutable(Path.of(prefix.get(0))), prefix.toString());

    // nice(1) with no command prints the niceness it runs at: 7 more than this JVM's.
    int own = niceness(List.of(prefix.get(0)));
    List<String> niced = new ArrayList<>(prefix);
    niced.add(prefix.get(0));
    assertEquals(Math.min(19, own + 7), niceness(niced));
  }

  private static int niceness(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(process.waitFor(10, TimeUnit.SECONDS));
    return Integer.parseInt(new String(process.getInputStream().readAllBytes()).trim());
  }

  @Test
  @DisplayName("a nice value outside 0-19 is refused")
  void niceBounds() {
    assertThrows(IllegalArgumentException.class, () -> CommandPrefix.nice(-1));
    assertThrows(IllegalArgumentException.class, () -> CommandPrefix.nice(20));
  }

  @Test
  @DisplayName("a new session is setsid, an executable")
  void newSession() {
    List<String> prefix = CommandPrefix.newSession();
    assertEquals(1, prefix.size(), prefix.toString());
    assertTrue(prefix.get(0).endsWith("/setsid"), prefix.toString());
    assertTrue(Files.isExecutable(Path.of(prefix.get(0))));
  }
}
