package dev.reel.cli;

import io.tus.java.client.TusURLStore;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Remembers the upload URL of each file being uploaded, in a small properties file, so that a
 * second run of the same command after an interruption continues where the first stopped.
 */
final class FileUrlStore implements TusURLStore {

  private final Path file;

  FileUrlStore(Path file) {
    this.file = file;
  }

  @Override
  public synchronized void set(String fingerprint, URL url) {
    Properties all = load();
    all.setProperty(fingerprint, url.toString());
    save(all);
  }

  @Override
  public synchronized URL get(String fingerprint) {
    String url = load().getProperty(fingerprint);
    try {
      return url == null ? null : new URL(url);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  public synchronized void remove(String fingerprint) {
    Properties all = load();
    if (all.remove(fingerprint) != null) {
      save(all);
    }
  }

  private Properties load() {
    Properties properties = new Properties();
    if (Files.exists(file)) {
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return properties;
  }

  private void save(Properties properties) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer writer = Files.newBufferedWriter(temporary)) {
        properties.store(writer, "reel upload: files being uploaded and their tus URLs");
      }
      Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
