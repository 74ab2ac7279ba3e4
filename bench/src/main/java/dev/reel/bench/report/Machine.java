package dev.reel.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the numbers were measured on. Without it a figure cannot be compared with anything.
 *
 * @param loadAtStart the 1-minute load average when the run began: how busy the shared machine
 *     already was
 */
public record Machine(int cpus, String cpuModel, double memoryGiB, String java, String os,
    double loadAtStart) {

  public static Machine current() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        procField("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")),
        procField("/proc/meminfo", "MemTotal")
            .map(v -> Double.parseDouble(v.split("\\s+")[0]) / 1024 / 1024).orElse(Double.NaN),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            + " (" + System.getProperty("java.vendor") + ")",
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        loadAverage());
  }

  public String describe() {
    return String.format("%d × %s, %.1f GiB RAM, %s, %s", cpus, cpuModel, memoryGiB, java, os);
  }

  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static Optional<String> procField(String file, String key) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      return lines.stream()
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
