package dev.reel.cli;

import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusExecutor;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code ./reel upload FILE}: uploads with the tus protocol, showing progress, and prints the
 * asset id. Interrupted (Ctrl-C, a dropped network) and run again, it continues from the offset
 * the server holds instead of starting over.
 *
 * <p>Reads {@code REEL_INGEST_URL} (default {@code http://127.0.0.1:8081}) and
 * {@code REEL_API_KEY} (default: the key {@code ./reel up} keeps in
 * {@code $REEL_DATA_DIR/secrets/api-key}).
 */
public final class UploadCommand {

  private static final int CHUNK = 1024 * 1024;
  private static final int REQUEST_PAYLOAD = 16 * 1024 * 1024;

  private UploadCommand() {
  }

  public static void main(String[] args) {
    PrintStream err = System.err;
    UploadOptions options;
    String apiKey;
    try {
      options = UploadOptions.parse(Arrays.asList(args));
      apiKey = apiKey();
    } catch (IllegalArgumentException e) {
      err.println("reel upload: " + e.getMessage());
      err.println(UploadOptions.USAGE);
      System.exit(2);
      return;
    }
    try {
      String assetId = upload(options, apiKey, err);
      System.out.println(assetId);
    } catch (ProtocolException e) {
      err.println("\nreel upload: the server refused the upload: " + describe(e));
      System.exit(1);
    } catch (IOException e) {
      err.println("\nreel upload: " + e.getMessage()
          + "\nRun the same command again to continue where it stopped.");
      System.exit(1);
    }
  }

  static String upload(UploadOptions options, String apiKey, PrintStream progress)
      throws IOException, ProtocolException {
    String ingest = env("REEL_INGEST_URL", "http://127.0.0.1:8081").replaceAll("/+$", "");
    TusClient client = new TusClient();
    client.setUploadCreationURL(new URL(ingest + "/v1/tus/"));
    client.setHeaders(Map.of("Authorization", "Bearer " + apiKey));
    client.enableResuming(new FileUrlStore(stateFile()));
    client.enableRemoveFingerprintOnSuccess();

    TusUpload upload = new TusUpload(options.file().toFile());
    // The same file, unchanged, to the same server: only then is resuming right.
    upload.setFingerprint(ingest + "|" + options.file().toAbsolutePath() + "|" + upload.getSize()
        + "|" + Files.getLastModifiedTime(options.file()).toMillis());
    upload.setMetadata(options.metadata());

    URL[] uploadUrl = new URL[1];
    TusExecutor executor = new TusExecutor() {
      @Override
      protected void makeAttempt() throws ProtocolException, IOException {
        TusUploader uploader = client.resumeOrCreateUpload(upload);
        uploader.setChunkSize(CHUNK);
        uploader.setRequestPayloadSize(REQUEST_PAYLOAD);
        uploadUrl[0] = uploader.getUploadURL();
        ProgressBar bar = new ProgressBar(progress, upload.getSize(), uploader.getOffset());
        while (uploader.uploadChunk() > -1) {
          bar.update(uploader.getOffset());
        }
        uploader.finish();
        bar.done();
      }
    };
    executor.setDelays(new int[] {500, 1000, 2000, 5000, 10000});
    executor.makeAttempts();
    String path = uploadUrl[0].getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String apiKey() {
    String key = System.getenv("REEL_API_KEY");
    if (key != null && !key.isBlank()) {
      return key.split(",")[0].trim();
    }
    Path file = Path.of(env("REEL_DATA_DIR", "data"), "secrets", "api-key");
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new IllegalArgumentException("no API key: set REEL_API_KEY (or run from the "
          + "directory of ./reel up, which keeps it in " + file + ")");
    }
  }

  private static Path stateFile() {
    String configured = System.getenv("REEL_CLI_STATE");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".reel", "uploads.properties");
  }

  private static String env(String key, String fallback) {
    String value = System.getenv(key);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String describe(ProtocolException e) {
    try {
      return e.getCausingConnection() == null ? e.getMessage()
          : e.getCausingConnection().getResponseCode() + " " + e.getMessage();
    } catch (IOException unreadable) {
      return e.getMessage();
    }
  }
}
