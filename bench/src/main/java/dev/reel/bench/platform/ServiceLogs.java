package dev.reel.bench.platform;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the platform's processes logged at WARN or ERROR while a scenario ran. A server that
 * answers fast while logging exceptions is a finding, and the report should say so next to the
 * numbers rather than leave it in a log nobody reads.
 */
public final class ServiceLogs {

  private static final Pattern LEVEL = Pattern.compile("^\\S+\\s+(ERROR|WARN)\\b");
  private static final int EXAMPLES = 2;

  private final Path logDir;
  private final Map<Path, Long> offsets = new LinkedHashMap<>();

  private ServiceLogs(Path logDir) {
    this.logDir = logDir;
  }

  /** Marks where each log ends now; {@link #summary()} reads what comes after. */
  public static ServiceLogs mark(Path logDir) {
    ServiceLogs logs = new ServiceLogs(logDir);
    try (Stream<Path> files = Files.list(logDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        logs.offsets.put(file, Files.size(file));
      }
    } catch (IOException e) {
      // no logs yet: nothing to report
    }
    return logs;
  }

  /** One line per log that got WARN/ERROR lines since the mark, with the first examples. */
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    offsets.forEach((file, offset) -> {
      List<String> added = readFrom(file, offset);
      int errors = 0;
      int warnings = 0;
      // Errors first: they are what a reader must see; warnings only fill up the examples.
      Set<String> errorExamples = new LinkedHashSet<>();
      Set<String> warnExamples = new LinkedHashSet<>();
      for (int i = 0; i < added.size(); i++) {
        var level = LEVEL.matcher(added.get(i));
        if (!level.find()) {
          continue;
        }
        boolean error = level.group(1).equals("ERROR");
        if (error) {
          errors++;
        } else {
          warnings++;
        }
        Set<String> examples = error ? errorExamples : warnExamples;
        if (examples.size() < EXAMPLES) {
          String message = added.get(i).substring(level.start(1)).trim();
          // A logged exception's class and message are on the next line.
          if (i + 1 < added.size() && !LEVEL.matcher(added.get(i + 1)).find()
              && !added.get(i + 1).isBlank()) {
            message += " / " + added.get(i + 1).trim();
          }
          message = withoutDataDir(message);
          examples.add(message.length() > 240 ? message.substring(0, 240) + "…" : message);
        }
      }
      List<String> examples = new ArrayList<>(errorExamples);
      examples.addAll(warnExamples);
      if (errors + warnings > 0) {
        lines.add(String.format("`%s` logged %d ERROR and %d WARN lines during the scenario, "
                + "e.g. %s", logDir.relativize(file), errors, warnings,
            String.join("; ", examples.stream().limit(EXAMPLES)
                .map(e -> "`" + e.replace('`', '\'') + "`").toList())));
      }
    });
    return lines;
  }

  /**
   * Services name files under the platform's data directory by absolute path; the report shows
   * them as {@code <data>/...}, which says what it needs to without the machine's layout.
   */
  String withoutDataDir(String message) {
    Path dataDir = logDir.toAbsolutePath().getParent();
    return dataDir == null ? message : message.replace(dataDir + "/", "<data>/");
  }

  private static List<String> readFrom(Path file, long offset) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= offset) {
        return List.of();
      }
      // Cap what is read: a flood of errors only needs counting, not loading whole.
      long start = Math.max(offset, length - 64L * 1024 * 1024);
      byte[] bytes = new byte[(int) (length - start)];
      in.seek(start);
      in.readFully(bytes);
      return List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
    } catch (IOException e) {
      return List.of();
    }
  }
}
