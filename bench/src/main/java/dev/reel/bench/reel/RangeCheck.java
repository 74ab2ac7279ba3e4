package dev.reel.bench.reel;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Before any side is timed, a handful of the same random ranges are fetched from it and compared
 * byte for byte with the local file: a fast wrong answer must never count as a fast answer (wrk
 * itself only counts status codes).
 */
public final class RangeCheck {

  private RangeCheck() {
  }

  /** Throws if any of {@code count} random ranges is not a 206 with exactly the file's bytes. */
  public static void verify(HttpClient http, String url, Path file, long rangeLength, int count)
      throws IOException, InterruptedException {
    try (RandomAccessFile local = new RandomAccessFile(file.toFile(), "r")) {
      long size = local.length();
      for (int i = 0; i < count; i++) {
        long first = ThreadLocalRandom.current().nextLong(size - rangeLength + 1);
        long last = first + rangeLength - 1;
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Range", "bytes=" + first + "-" + last)
                .timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        byte[] expected = new byte[(int) rangeLength];
        local.seek(first);
        local.readFully(expected);
        String contentRange = response.headers().firstValue("Content-Range").orElse("");
        if (response.statusCode() != 206
            || !contentRange.equals("bytes " + first + "-" + last + "/" + size)
            || !Arrays.equals(expected, response.body())) {
          throw new IllegalStateException(redact(url) + " answered " + response.statusCode()
              + " (Content-Range '" + contentRange + "', " + response.body().length
              + " bytes) for bytes=" + first + "-" + last + ": not the file's bytes");
        }
      }
    }
  }

  /** A presigned URL's signature does not belong in logs or reports. */
  public static String redact(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?<presigned>";
  }
}
