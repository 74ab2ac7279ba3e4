package dev.reel.bench.reel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reel's public API as a user's program sees it: the JDK's HTTP client, streaming the body
 * ({@code BodyPublishers.ofFile} reads the file in chunks; nothing is buffered whole).
 */
public final class ReelClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** What the tus client writes to its connection at a time, as {@code ./reel upload} does. */
  private static final int TUS_WRITE_CHUNK = 1024 * 1024;

  private final HttpClient http;
  private final URI ingest;
  private final String apiKey;

  public ReelClient(HttpClient http, URI ingest, String apiKey) {
    this.http = http;
    this.ingest = ingest;
    this.apiKey = apiKey;
  }

  /** An HTTP/1.1 client: plain-http HTTP/2 would try an h2c upgrade first, which no user does. */
  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  public Uploaded upload(Path file, String contentType) throws IOException, InterruptedException {
    return upload(file, contentType, new AtomicLong());
  }

  /** The same, counting the bytes sent so far in {@code sent} as the upload goes. */
  public Uploaded upload(Path file, String contentType, AtomicLong sent)
      throws IOException, InterruptedException {
    return upload(new CountingBody(HttpRequest.BodyPublishers.ofFile(file), sent), contentType,
        file.getFileName().toString());
  }

  /**
   * Uploads through tus the way tus-js-client and Uppy do by default, and curl by hand: a
   * creation POST, then the whole file in one PATCH with its {@code Content-Length}, streamed
   * from disk by the JDK's HTTP client; counts the bytes sent in {@code sent}. Answers the
   * asset id.
   */
  public String uploadTusOnePatch(Path file, String contentType, AtomicLong sent)
      throws IOException, InterruptedException {
    long length = Files.size(file);
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(ingest.resolve("/v1/tus/"))
        .header("Authorization", "Bearer " + apiKey)
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", String.valueOf(length))
        .header("Upload-Metadata", "filetype " + base64(contentType) + ",filename "
            + base64(file.getFileName().toString()))
        .POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
    String location = created.headers().firstValue("Location").orElse(null);
    if (created.statusCode() != 201 || location == null) {
      throw new IllegalStateException("tus creation answered " + created.statusCode() + ": "
          + created.body());
    }
    URI upload = ingest.resolve(location);
    HttpResponse<String> patched = http.send(HttpRequest.newBuilder(upload)
        .header("Authorization", "Bearer " + apiKey)
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Offset", "0")
        .header("Content-Type", "application/offset+octet-stream")
        .timeout(Duration.ofMinutes(30))
        .method("PATCH", new CountingBody(HttpRequest.BodyPublishers.ofFile(file), sent))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (patched.statusCode() != 204 || !patched.headers().firstValue("Upload-Offset")
        .equals(Optional.of(String.valueOf(length)))) {
      throw new IllegalStateException("tus PATCH answered " + patched.statusCode() + " at "
          + patched.headers().firstValue("Upload-Offset").orElse("no offset") + ": "
          + patched.body());
    }
    String path = upload.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Uploads through tus with the stock Java client ({@code tus-java-client}, as {@code ./reel
   * upload} does): a creation POST, then PATCH requests of {@code requestPayload} bytes each
   * (sent as POST with {@code X-HTTP-Method-Override}, {@code HttpURLConnection} having no
   * PATCH), counting the bytes confirmed so far in {@code sent}. Answers the asset id.
   */
  public String uploadTus(Path file, String contentType, int requestPayload, AtomicLong sent)
      throws IOException, ProtocolException {
    TusClient client = new TusClient();
    client.setUploadCreationURL(ingest.resolve("/v1/tus/").toURL());
    client.setHeaders(Map.of("Authorization", "Bearer " + apiKey));
    TusUpload upload = new TusUpload(file.toFile());
    upload.setMetadata(Map.of("filetype", contentType,
        "filename", file.getFileName().toString()));
    TusUploader uploader = client.createUpload(upload);
    uploader.setChunkSize(TUS_WRITE_CHUNK);
    uploader.setRequestPayloadSize(requestPayload);
    while (uploader.uploadChunk() > -1) {
      sent.set(uploader.getOffset());
    }
    uploader.finish();
    String path = uploader.getUploadURL().getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  public Uploaded upload(byte[] body, String contentType, String filename)
      throws IOException, InterruptedException {
    return upload(HttpRequest.BodyPublishers.ofByteArray(body), contentType, filename);
  }

  private Uploaded upload(BodyPublisher body, String contentType, String filename)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(ingest.resolve("/v1/uploads"))
        .header("Authorization", "Bearer " + apiKey)
        .header("Content-Type", contentType)
        .header("X-Reel-Filename", filename)
        .timeout(Duration.ofMinutes(10))
        .POST(body)
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("upload answered " + response.statusCode() + ": "
          + response.body());
    }
    JsonNode json = JSON.readTree(response.body());
    return new Uploaded(json.path("assetId").asText(), json.path("size").asLong(),
        json.path("sha256").asText());
  }
}
