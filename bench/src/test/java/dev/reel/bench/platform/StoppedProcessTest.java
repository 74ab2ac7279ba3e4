package dev.reel.bench.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Real child processes, stopped and continued by signal; their state read from /proc. */
class StoppedProcessTest {

  @Test
  void holdsAProcessStoppedUntilClosed() throws Exception {
    Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
    try {
      ServiceProcess process = new ServiceProcess("busy", busy.pid(), null, false);
      try (StoppedProcess stopped = StoppedProcess.stop(process)) {
        assertEquals('T', state(busy.pid()), "stopped while held");
        Duration cpu = cpu(busy);
        Thread.sleep(300);
        assertEquals(cpu, cpu(busy), "no CPU time while stopped");
      }
      assertTrue(state(busy.pid()) != 'T', "running again once closed");
      assertTrue(busy.isAlive());
    } finally {
      busy.destroyForcibly().waitFor();
    }
  }

  @Test
  void waitsForAProcessToGoIdle() throws Exception {
    Process idle = new ProcessBuilder("sleep", "60").start();
    Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
    try {
      Duration quiet = StoppedProcess.awaitIdle(
          new ServiceProcess("idle", idle.pid(), null, false), Duration.ofSeconds(10));
      assertTrue(quiet.compareTo(Duration.ofSeconds(2)) >= 0
          && quiet.compareTo(Duration.ofSeconds(5)) < 0, "two quiet seconds: " + quiet);
      Duration never = StoppedProcess.awaitIdle(
          new ServiceProcess("busy", busy.pid(), null, false), Duration.ofSeconds(3));
      assertTrue(never.compareTo(Duration.ofSeconds(3)) >= 0, "gives up at the bound: " + never);
    } finally {
      idle.destroyForcibly().waitFor();
      busy.destroyForcibly().waitFor();
    }
  }

  @Test
  void failsLoudlyForAProcessThatIsGone() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    assertThrows(IllegalStateException.class, () -> StoppedProcess.stop(
        new ServiceProcess("gone", gone.pid(), null, false)));
  }

  /** The state letter in /proc/[pid]/stat: R running, S sleeping, T stopped. */
  private static char state(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  private static Duration cpu(Process process) {
    return process.toHandle().info().totalCpuDuration().orElseThrow();
  }
}
