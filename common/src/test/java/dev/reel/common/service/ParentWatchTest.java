package dev.reel.common.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParentWatchTest {

  private static final long SELF = ProcessHandle.current().pid();

  @Test
  @DisplayName("a check that fails, again and again, never makes the service exit")
  void failingCheckKeepsWatching() {
    ParentWatch watch = new ParentWatch("42", () -> {
      throw new IOException("Too many open files");
    });
    for (int i = 0; i < 5; i++) {
      assertFalse(watch.parentGone());
    }
  }

  @Test
  @DisplayName("the service exits once a check answers, without error, that the parent is dead")
  void exitsOnlyOnAnAnswer() {
    Deque<Object> answers = new ArrayDeque<>(List.of(true, new IOException("EMFILE"), true,
        false));
    ParentWatch watch = new ParentWatch("42", () -> {
      Object next = answers.pop();
      if (next instanceof Exception e) {
        throw e;
      }
      return (Boolean) next;
    });
    assertFalse(watch.parentGone());
    assertFalse(watch.parentGone());
    assertFalse(watch.parentGone());
    assertTrue(watch.parentGone());
  }

  @Test
  @DisplayName("a live parent is alive, one that has exited and been reaped is dead")
  void realProcesses() throws Exception {
    assertTrue(ProcessLiveness.of(SELF).isAlive());
    Process child = new ProcessBuilder("true").start();
    long pid = child.pid();
    ProcessLiveness liveness = ProcessLiveness.of(pid);
    child.waitFor();
    assertFalse(liveness.isAlive());
  }

  @Test
  @DisplayName("a dead answer from the JDK while the process table lists the pid is no answer")
  void unconfirmedDeathIsNotBelieved(@TempDir Path proc) throws IOException {
    Files.createDirectory(proc.resolve(Long.toString(SELF)));
    ProcessLiveness failedLookUp = new ProcessLiveness(SELF, Optional.empty(), proc);
    assertThrows(IOException.class, failedLookUp::isAlive);
    assertFalse(new ProcessLiveness(SELF + 1, Optional.empty(), proc).isAlive(),
        "no entry in the process table: dead");
    assertFalse(new ProcessLiveness(SELF, Optional.empty(), proc.resolve("none")).isAlive(),
        "no process table at all: the JDK's answer stands");
  }
}
