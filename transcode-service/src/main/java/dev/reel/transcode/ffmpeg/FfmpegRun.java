package dev.reel.transcode.ffmpeg;

import dev.reel.common.service.CommandPrefix;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;

/**
 * Runs ffmpeg as a child process on the calling (worker) thread, reading its
 * {@code -progress pipe:1} reports on stdout and keeping the tail of stderr for error messages.
 * The child is killed if the calling thread is interrupted or the JVM exits.
 */
public final class FfmpegRun {

  private static final int STDERR_LINES_KEPT = 40;

  private final Path binary;
  private final Path pidFile;
  private final int niceness;

  public FfmpegRun(Path binary) {
    this(binary, null, 0);
  }

  private FfmpegRun(Path binary, Path pidFile, int niceness) {
    this.binary = binary;
    this.pidFile = pidFile;
    this.niceness = niceness;
  }

  /**
   * The same binary, writing each child's pid to {@code pidFile} while it runs, so a worker
   * restarted after a crash can stop an encode its dead predecessor left running.
   */
  public FfmpegRun recordingPidIn(Path pidFile) {
    return new FfmpegRun(binary, pidFile, niceness);
  }

  /**
   * The same, with children started at a lower CPU priority ({@code nice -n niceness}), when
   * nice(1) is there. nice execs ffmpeg, so the recorded pid is still the encoder's.
   */
  public FfmpegRun niced(int niceness) {
    return new FfmpegRun(binary, pidFile, niceness);
  }

  public Path binary() {
    return binary;
  }

  /** What a finished run left: its exit status and everything (or the tail) of its stderr. */
  public record Result(int exitCode, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /**
   * @param args the arguments after the binary
   * @param durationSeconds the media duration, to turn {@code out_time_us} into a fraction
   * @param progress told the fraction done (0..1) after each progress block; may be null
   */
  public Result run(List<String> args, double durationSeconds, DoubleConsumer progress)
      throws InterruptedException {
    List<String> command = new ArrayList<>();
    command.addAll(CommandPrefix.nice(niceness));
    command.add(binary.toString());
    command.add("-hide_banner");
    command.add("-nostdin");
    if (progress != null) {
      command.add("-progress");
      command.add("pipe:1");
      command.add("-nostats");
    }
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("LC_ALL", "C");
    // Asked each run, not once: a service runs for weeks, and a temporary files cleaner may
    // take away the directory a static build's variables name meanwhile.
    builder.environment().putAll(StaticBuild.environment(binary));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(-1, "cannot start " + binary + ": " + e.getMessage());
    }
    if (pidFile != null) {
      try {
        Files.writeString(pidFile, String.valueOf(process.pid()));
      } catch (IOException e) {
        process.destroyForcibly();
        return new Result(-1, "cannot write " + pidFile + ": " + e.getMessage());
      }
    }
    Thread reaper = new Thread(process::destroyForcibly, "ffmpeg-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    StderrKeeper stderr = new StderrKeeper();
    Thread stderrReader = new Thread(() -> stderr.drain(process.getErrorStream()),
        "ffmpeg-stderr");
    stderrReader.setDaemon(true);
    stderrReader.start();
    try {
      readProgress(process.getInputStream(), durationSeconds, progress);
      process.waitFor();
      stderrReader.join(TimeUnit.SECONDS.toMillis(5));
      return new Result(process.exitValue(), stderr.text());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw e;
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }

  private static void readProgress(InputStream stdout, double durationSeconds,
      DoubleConsumer progress) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (progress == null) {
          continue;
        }
        if (line.startsWith("out_time_us=") && durationSeconds > 0) {
          try {
            long micros = Long.parseLong(line.substring("out_time_us=".length()).trim());
            progress.accept(Math.max(0, Math.min(1, micros / 1e6 / durationSeconds)));
          } catch (NumberFormatException notYet) {
            // "N/A" before the first frame
          }
        } else if (line.equals("progress=end")) {
          progress.accept(1.0);
        }
      }
    } catch (IOException e) {
      // the process went away; its exit status tells the rest
    }
  }

  /**
   * Keeps the head of stderr (where ffmpeg describes its inputs, which a probe reads) and its
   * tail (where the error is), never the whole of a long run's output.
   */
  private static final class StderrKeeper {
    private static final int HEAD_LINES = 400;
    private final List<String> head = new ArrayList<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private long dropped;

    void drain(InputStream in) {
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          add(line);
        }
      } catch (IOException e) {
        // the process went away
      }
    }

    private synchronized void add(String line) {
      if (head.size() < HEAD_LINES) {
        head.add(line);
        return;
      }
      tail.addLast(line);
      if (tail.size() > STDERR_LINES_KEPT) {
        tail.removeFirst();
        dropped++;
      }
    }

    synchronized String text() {
      StringBuilder out = new StringBuilder(String.join("\n", head));
      if (dropped > 0) {
        out.append("\n[").append(dropped).append(" lines left out]");
      }
      for (String line : tail) {
        out.append('\n').append(line);
      }
      return out.toString();
    }
  }
}
