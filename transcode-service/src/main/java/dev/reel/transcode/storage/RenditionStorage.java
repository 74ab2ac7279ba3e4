package dev.reel.transcode.storage;

import dev.reel.common.s3.S3Errors;
import dev.reel.transcode.job.JobFailure;
import dev.reel.transcode.job.TranscodeBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The transcoder's view of the bucket: read an original, write and delete an asset's
 * renditions. Blocking by design: it is only ever called from transcode worker threads, never
 * from an event loop. Any S3 trouble becomes a retryable {@link JobFailure}.
 */
public final class RenditionStorage {

  static final int PARALLEL_UPLOADS = 6;

  private final S3AsyncClient s3;
  private final String bucket;

  public RenditionStorage(S3AsyncClient s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  public String bucket() {
    return bucket;
  }

  /** The original's HEAD, or empty once it has been deleted. */
  public Optional<HeadObjectResponse> head(String key) {
    try {
      return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)).join());
    } catch (CompletionException e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      throw unavailable("HEAD " + key, e);
    }
  }

  public void download(String key, Path target) {
    try {
      s3.getObject(b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toFile(target))
          .join();
    } catch (CompletionException e) {
      if (S3Errors.isNotFound(e)) {
        throw new JobFailure(JobFailure.SOURCE_MISSING,
            "the original is no longer in storage (deleted?)", false);
      }
      throw unavailable("GET " + key, e);
    }
  }

  /** Uploads files under {@code localDir} to {@code prefix + relative path}, a few at a time. */
  public void uploadAll(Path localDir, List<Path> files, String prefix) {
    Semaphore slots = new Semaphore(PARALLEL_UPLOADS);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    try {
      for (Path file : files) {
        slots.acquire();
        String key = prefix + localDir.relativize(file).toString().replace('\\', '/');
        pending.add(s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType(key)),
                AsyncRequestBody.fromFile(file))
            .whenComplete((r, e) -> slots.release()));
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobFailure(JobFailure.STORAGE_UNAVAILABLE, "interrupted while uploading", true,
          e);
    } catch (CompletionException e) {
      throw unavailable("PUT under " + prefix, e);
    }
  }

  public void putText(String key, String text) {
    try {
      s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType(key)),
          AsyncRequestBody.fromString(text, StandardCharsets.UTF_8)).join();
    } catch (CompletionException e) {
      throw unavailable("PUT " + key, e);
    }
  }

  public Optional<String> getText(String key) {
    try {
      return Optional.of(s3.getObject(b -> b.bucket(bucket).key(key),
          AsyncResponseTransformer.toBytes()).join().asUtf8String());
    } catch (CompletionException e) {
      if (S3Errors.isNotFound(e)) {
        return Optional.empty();
      }
      throw unavailable("GET " + key, e);
    }
  }

  /** Every object under the prefix with its size, in key order. */
  public List<TranscodeBackend.Output> list(String prefix) {
    List<TranscodeBackend.Output> objects = new ArrayList<>();
    try {
      String token = null;
      do {
        String continuation = token;
        var page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
            .continuationToken(continuation)).join();
        page.contents().forEach(o -> objects.add(new TranscodeBackend.Output(o.key(), o.size())));
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
      return objects;
    } catch (CompletionException e) {
      throw unavailable("LIST " + prefix, e);
    }
  }

  /** Deletes every object under the prefix; returns how many there were. */
  public int deletePrefix(String prefix) {
    int deleted = 0;
    try {
      String token = null;
      do {
        String continuation = token;
        var page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)
            .continuationToken(continuation)).join();
        List<ObjectIdentifier> ids = page.contents().stream().map(S3Object::key)
            .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        if (!ids.isEmpty()) {
          s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)))
              .join();
          deleted += ids.size();
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
      return deleted;
    } catch (CompletionException e) {
      throw unavailable("DELETE under " + prefix, e);
    }
  }

  public static List<Path> filesUnder(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (java.io.IOException e) {
      throw new JobFailure(JobFailure.ENCODE_FAILED, "cannot list " + dir + ": " + e, true, e);
    }
  }

  public static String contentType(String key) {
    String name = key.toLowerCase(Locale.ROOT);
    if (name.endsWith(".m3u8")) {
      return "application/vnd.apple.mpegurl";
    } else if (name.endsWith(".mpd")) {
      return "application/dash+xml";
    } else if (name.endsWith(".m4s")) {
      return "video/iso.segment";
    } else if (name.endsWith(".mp4")) {
      return "video/mp4";
    } else if (name.endsWith(".vtt")) {
      return "text/vtt";
    } else if (name.endsWith(".jpg")) {
      return "image/jpeg";
    } else if (name.endsWith(".json")) {
      return "application/json";
    }
    return "application/octet-stream";
  }

  private static JobFailure unavailable(String what, Throwable e) {
    Throwable cause = S3Errors.unwrap(e);
    return new JobFailure(JobFailure.STORAGE_UNAVAILABLE, "storage failed on " + what + ": "
        + cause, true, cause);
  }
}
