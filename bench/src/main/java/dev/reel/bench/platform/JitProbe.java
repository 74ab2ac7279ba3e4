package dev.reel.bench.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many methods the JIT has compiled in some JVMs, from {@code jstat -compiler}. A service
 * whose count still climbs between two warm-up runs is still compiling its hot paths, whatever
 * its throughput says: on two busy cores delivery spent over a minute of CPU in the JIT.
 */
public final class JitProbe {

  private static final Logger LOG = LoggerFactory.getLogger(JitProbe.class);

  private final List<ServiceProcess> processes;

  public JitProbe(List<ServiceProcess> processes) {
    this.processes = List.copyOf(processes);
  }

  /** The total of compiled methods over the processes, or -1 if jstat cannot tell. */
  public long compiled() {
    long total = 0;
    for (ServiceProcess process : processes) {
      long count = compiled(process.pid());
      if (count < 0) {
        return -1;
      }
      total += count;
    }
    return total;
  }

  static long compiled(long pid) {
    Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
    String binary = Files.isExecutable(jstat) ? jstat.toString() : "jstat";
    try {
      Process p = new ProcessBuilder(binary, "-compiler", String.valueOf(pid))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return -1;
      }
      return parse(out);
    } catch (IOException e) {
      LOG.debug("jstat not available: {}", e.toString());
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The first column of the second line: {@code Compiled Failed Invalid Time ...}. */
  static long parse(String jstatOutput) {
    String[] lines = jstatOutput.trim().split("\n");
    if (lines.length < 2 || !lines[0].trim().startsWith("Compiled")) {
      return -1;
    }
    try {
      return Long.parseLong(lines[1].trim().split("\\s+")[0]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
