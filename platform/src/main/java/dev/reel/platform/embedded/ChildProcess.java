package dev.reel.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import dev.reel.common.service.CommandPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code java -jar} child JVM whose stdout and stderr are appended to a log file, and which
 * announces that it is ready with one line {@code REEL-READY <keyword> <value>}.
 *
 * <p>The child always gets {@code REEL_PARENT_PID} (this JVM's pid) so that it can exit by itself
 * if this JVM is killed with {@code kill -9}; for every other way this JVM ends, a shutdown hook
 * stops the child (or, for a child {@linkplain Builder#stoppedByOwner() stopped by its owner},
 * the owner's own hook does). Either way no orphan is left behind.
 */
public final class ChildProcess {

    public static final String READY_MARKER = "REEL-READY";
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    /** How long {@link #stop()} waits after SIGTERM before it kills the child. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final int TAIL_LINES = 30;
    private static final long POLL_MILLIS = 50;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final long logStart;
    private final Thread shutdownHook;
    private String readyValue;
    private boolean stopped;

    private ChildProcess(String name, Process process, Path logFile, long logStart) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logStart = logStart;
        this.shutdownHook = new Thread(this::stop, "stop-" + name);
    }

    public static Builder builder(Path jar) {
        return new Builder(jar);
    }

    /** What the child printed after {@code REEL-READY <keyword>}, e.g. its address. */
    public String readyValue() {
        return readyValue;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Runs {@code action} with the exit code if the process ends before {@link #stop()} was
     * asked: it crashed, or something else killed it.
     */
    public void onUnexpectedExit(IntConsumer action) {
        process.onExit().thenRun(() -> {
            synchronized (this) {
                if (stopped) {
                    return;
                }
            }
            action.accept(process.exitValue());
        });
    }

    /**
     * Sends SIGTERM so the child can shut down cleanly (Kafka flushes its logs), waits up to
     * {@link #STOP_GRACE}, then kills it. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        removeShutdownHook();
        if (!process.isAlive()) {
            return;
        }
        long begin = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} (pid {}) ignored SIGTERM for {} s: killing it", name, pid(), STOP_GRACE.toSeconds());
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.info("Stopped {} (pid {}) in {} ms", name, pid(), millisSince(begin));
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs anyway and finds us stopped.
        }
    }

    /** Polls the log file (from where this run started) until the ready line, exit or timeout. */
    private void awaitReady(String keyword, Duration timeout) {
        String prefix = READY_MARKER + " " + keyword + " ";
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        try (LogReader reader = new LogReader(logFile, logStart)) {
            while (true) {
                // Checked before reading so the lines written just before an exit are not missed.
                boolean exited = !process.isAlive();
                for (String line : reader.newLines()) {
                    int at = line.indexOf(prefix);
                    if (at >= 0) {
                        readyValue = line.substring(at + prefix.length()).trim();
                        LOG.info("{} (pid {}) ready in {} ms: {}", name, pid(), millisSince(begin), readyValue);
                        return;
                    }
                }
                if (exited) {
                    throw failure("exited with code " + process.exitValue() + " before it was ready");
                }
                if (System.nanoTime() - deadline > 0) {
                    stop();
                    throw failure("was not ready within " + timeout.toSeconds() + " s (stopped it)");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new ChildProcessException(name + ": interrupted while waiting for it to be ready", e);
        } catch (IOException e) {
            stop();
            throw new ChildProcessException(name + ": cannot read its log " + logFile, e);
        }
    }

    private ChildProcessException failure(String what) {
        return new ChildProcessException(name + " (pid " + pid() + ") " + what + "; last lines of " + logFile
                + ":\n" + tail());
    }

    private String tail() {
        try (LogReader reader = new LogReader(logFile, logStart)) {
            List<String> lines = new ArrayList<>(reader.newLines());
            if (!reader.unterminated().isEmpty()) {
                lines.add(reader.unterminated());
            }
            List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
            return last.isEmpty() ? "(no output)" : String.join("\n", last);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static long millisSince(long nanoStart) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoStart);
    }

    /** Describes the child; {@link #start()} launches it and waits until it is ready. */
    public static final class Builder {

        private final Path jar;
        private String name;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path logFile;
        private String readyKeyword;
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private int niceness;
        private boolean stoppedByOwner;

        private Builder(Path jar) {
            this.jar = Objects.requireNonNull(jar, "jar");
            this.name = jar.getFileName().toString();
        }

        /** Used in log lines and error messages; defaults to the jar's file name. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Options placed before {@code -jar}, e.g. {@code -Xmx512m}. */
        public Builder jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        /**
         * Starts the child at a lower CPU priority: {@code nice -n niceness} (1 to 19), where
         * nice(1) is there; without it, or at 0, the child runs at this JVM's priority. nice
         * execs the JVM, so {@link #pid()} is still the child's.
         */
        public Builder niceness(int niceness) {
            CommandPrefix.nice(niceness);
            this.niceness = niceness;
            return this;
        }

        /**
         * For a child that its owner stops on exit together with others, in an order (the
         * services before the Kafka they publish to): no shutdown hook of its own, which would
         * stop it at the same time as all the others, and a session of its own (setsid(1), where
         * it is there), so that a Ctrl-C in the terminal reaches the owner alone instead of every
         * child at once. {@code REEL_PARENT_PID} still ends it if the owner is killed outright.
         * setsid execs the JVM, so {@link #pid()} is still the child's.
         */
        public Builder stoppedByOwner() {
            this.stoppedByOwner = true;
            return this;
        }

        public Builder args(List<String> arguments) {
            args.addAll(arguments);
            return this;
        }

        /** Added to the inherited environment: the way to pass secrets without showing them in ps. */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Required. Output is appended, so the log survives restarts. */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** Required: the word after {@code REEL-READY} in the ready line, e.g. {@code kafka}. */
        public Builder readyKeyword(String keyword) {
            this.readyKeyword = keyword;
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Launches the child and blocks until it prints its ready line.
         *
         * @throws ChildProcessException if it cannot start, exits first or times out; the message
         *     holds the last lines of its log
         */
        public ChildProcess start() {
            Objects.requireNonNull(logFile, "logFile");
            Objects.requireNonNull(readyKeyword, "readyKeyword");
            List<String> command = new ArrayList<>();
            if (stoppedByOwner) {
                command.addAll(CommandPrefix.newSession());
            }
            List<String> nice = CommandPrefix.nice(niceness);
            if (niceness > 0 && nice.isEmpty()) {
                LOG.info("{}: no nice(1) here, so it runs at normal CPU priority", name);
            }
            command.addAll(nice);
            command.add(javaExecutable().toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
            command.addAll(args);

            long logStart = prepareLog(command);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().putAll(env);
            pb.environment().put("REEL_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new ChildProcessException("Cannot start " + name + ": " + command, e);
            }
            ChildProcess child = new ChildProcess(name, process, logFile, logStart);
            if (!stoppedByOwner) {
                Runtime.getRuntime().addShutdownHook(child.shutdownHook);
            }
            LOG.info("Started {} (pid {}), log in {}", name, process.pid(), logFile);
            child.awaitReady(readyKeyword, readyTimeout);
            return child;
        }

        /** Writes a header so runs can be told apart; returns where this run's output begins. */
        private long prepareLog(List<String> command) {
            try {
                Path parent = logFile.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                String header = "---- " + Instant.now() + " starting " + name + ": " + String.join(" ", command)
                        + System.lineSeparator();
                Files.writeString(logFile, header, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                return Files.size(logFile);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + logFile, e);
            }
        }

        /** The JVM running us, so the child runs on the same Java version. */
        private static Path javaExecutable() {
            boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
            return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        }
    }
}
