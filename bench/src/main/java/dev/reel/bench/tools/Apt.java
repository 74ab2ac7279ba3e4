package dev.reel.bench.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds command-line tools, and installs the missing ones from Debian packages with apt-get so
 * that {@code ./reel bench} works from a fresh clone on a fresh Debian machine.
 */
public final class Apt {

  private static final Logger LOG = LoggerFactory.getLogger(Apt.class);
  /** Root's PATH has these; a plain user's often has not, and nginx lives in /usr/sbin. */
  private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

  private Apt() {
  }

  /** The executable's path, if it is on the PATH or in an sbin directory. */
  public static Optional<Path> find(String command) {
    List<String> dirs = new ArrayList<>(List.of(
        Optional.ofNullable(System.getenv("PATH")).orElse("").split(":")));
    dirs.addAll(SBIN);
    for (String dir : dirs) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The executable's path; fails with what to install if it is missing. */
  public static Path require(Tool tool) {
    return find(tool.command()).orElseThrow(() -> new IllegalStateException(tool.command()
        + " is not installed (Debian package " + tool.debianPackage() + ")"));
  }

  /** Installs the packages of the tools that are missing: one apt-get update, one install. */
  public static void ensure(Collection<Tool> tools) {
    Set<String> packages = new LinkedHashSet<>();
    List<String> missing = new ArrayList<>();
    for (Tool tool : tools) {
      if (find(tool.command()).isEmpty()) {
        missing.add(tool.command());
        packages.add(tool.debianPackage());
      }
    }
    if (packages.isEmpty()) {
      return;
    }
    if (find("apt-get").isEmpty() || !"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException("missing " + String.join(", ", missing)
          + ": install the Debian packages " + String.join(" ", packages)
          + " (the harness installs them itself only when it runs as root with apt-get)");
    }
    System.out.println("bench: " + String.join(", ", missing) + " not found; installing "
        + String.join(" ", packages) + " with apt-get");
    run(List.of("apt-get", "update", "-q"));
    List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q",
        "--no-install-recommends"));
    install.addAll(packages);
    run(install);
    for (Tool tool : tools) {
      require(tool);
    }
  }

  private static void run(List<String> command) {
    LOG.info("running {}", String.join(" ", command));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
      builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process process = builder.start();
      if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing", e);
    }
  }
}
