package dev.reel.ingest.presigned;

import dev.reel.common.s3.S3Errors;
import dev.reel.common.s3.S3Clients;
import dev.reel.common.s3.S3Settings;
import dev.reel.ingest.presigned.CompletionRequest.PartTag;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 side of presigned uploads: signing the URLs clients PUT to, and the calls that open,
 * inspect, assemble and remove what they uploaded. URLs are signed with the endpoint clients
 * reach ({@code REEL_S3_PUBLIC_ENDPOINT} when set); every other call goes through the service's
 * own client.
 */
final class PresignedUploads {

  /** What a client must send to a signed URL: the URL and the headers that were signed. */
  record SignedRequest(String url, Map<String, String> headers, Instant expiresAt) {
  }

  record ObjectHead(long size, String etag, String contentType) {
  }

  record Digest(String sha256, long size) {
  }

  private final Vertx vertx;
  private final S3AsyncClient s3;
  private final String bucket;
  private final Future<S3Presigner> presigner;

  PresignedUploads(Vertx vertx, S3AsyncClient s3, S3Settings settings,
      Optional<URI> publicEndpoint) {
    this.vertx = vertx;
    this.s3 = s3;
    this.bucket = settings.bucket();
    S3Settings signing = new S3Settings(publicEndpoint.or(settings::endpoint), settings.region(),
        settings.bucket(), settings.accessKey(), settings.secretKey(), settings.pathStyle());
    // Built off the event loop: the first build loads many classes and reads credential sources.
    this.presigner = vertx.executeBlocking(() -> S3Clients.presigner(signing), false);
  }

  /**
   * A PUT of exactly {@code size} bytes of {@code contentType}: both are signed, so S3 refuses
   * any other length or type. {@code If-None-Match: *} is signed too, so that on stores that honour
   * it (AWS S3, MinIO) the URL cannot overwrite an object that is already there.
   */
  Future<SignedRequest> signPut(PendingUpload upload, Map<String, String> metadata) {
    return sign(presigner -> presigner.presignPutObject(r -> r
        .signatureDuration(validFor(upload))
        .putObjectRequest(put -> {
          put.bucket(bucket).key(upload.key())
              .contentType(upload.contentType())
              .contentLength(upload.size())
              .ifNoneMatch("*")
              .metadata(metadata);
          if (!upload.storageClass().equals("STANDARD")) {
            put.storageClass(upload.storageClass());
          }
        })));
  }

  /** One URL per part, each signed with its exact length. */
  Future<List<SignedRequest>> signParts(PendingUpload upload, PresignedPlan plan) {
    return presigner.compose(signer -> vertx.executeBlocking(() -> {
      List<SignedRequest> urls = new ArrayList<>(plan.partCount());
      for (PresignedPlan.Part part : plan.parts()) {
        urls.add(signed(signer.presignUploadPart(r -> r
            .signatureDuration(validFor(upload))
            .uploadPartRequest(u -> u.bucket(bucket).key(upload.key())
                .uploadId(upload.uploadId())
                .partNumber(part.partNumber())
                .contentLength(part.size())))));
      }
      return urls;
    }, false));
  }

  Future<String> createMultipart(String key, String contentType, String storageClass,
      Map<String, String> metadata) {
    return bridge(s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
            .contentType(contentType).storageClass(storageClass).metadata(metadata)))
        .map(created -> created.uploadId());
  }

  Future<Void> abortMultipart(String key, String uploadId) {
    return bridge(s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)))
        .mapEmpty();
  }

  /** Every part S3 holds for the upload, in part number order. */
  Future<List<Part>> listParts(String key, String uploadId) {
    return listParts(key, uploadId, 0, new ArrayList<>());
  }

  private Future<List<Part>> listParts(String key, String uploadId, int marker, List<Part> seen) {
    return bridge(s3.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId)
            .partNumberMarker(marker)))
        .compose(page -> {
          seen.addAll(page.parts());
          return Boolean.TRUE.equals(page.isTruncated()) && page.nextPartNumberMarker() != null
              ? listParts(key, uploadId, page.nextPartNumberMarker(), seen)
              : Future.succeededFuture(seen);
        });
  }

  Future<Void> completeMultipart(String key, String uploadId, List<PartTag> parts) {
    List<CompletedPart> completed = parts.stream()
        .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag(p.etag()).build())
        .toList();
    return bridge(s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
            .multipartUpload(m -> m.parts(completed))))
        .mapEmpty();
  }

  /** The object's size, ETag and type; empty if there is no object. */
  Future<Optional<ObjectHead>> head(String key) {
    return bridge(s3.headObject(b -> b.bucket(bucket).key(key)))
        .map(head -> Optional.of(new ObjectHead(head.contentLength(), head.eTag(),
            head.contentType())))
        .recover(failure -> S3Errors.isNotFound(failure)
            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(failure));
  }

  /** The first {@code count} bytes (fewer if the object is shorter), by a ranged GET. */
  Future<byte[]> firstBytes(String key, int count) {
    return bridge(s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=0-" + (count - 1)),
            AsyncResponseTransformer.toBytes()))
        .map(bytes -> bytes.asByteArray());
  }

  /**
   * Streams the object back and hashes it. The SDK hands over one buffer at a time and asks for
   * the next only once the previous one is hashed, so memory stays flat whatever the size.
   */
  Future<Digest> sha256(String key) {
    MessageDigest digest = newDigest();
    long[] size = {0};
    CompletableFuture<Digest> hashed = s3.getObject(b -> b.bucket(bucket).key(key),
            AsyncResponseTransformer.toPublisher())
        .thenCompose(body -> body.subscribe(buffer -> {
          size[0] += buffer.remaining();
          digest.update(buffer);
        }))
        .thenApply(done -> new Digest(HexFormat.of().formatHex(digest.digest()), size[0]));
    return bridge(hashed);
  }

  Future<Void> delete(String key) {
    return bridge(s3.deleteObject(b -> b.bucket(bucket).key(key))).mapEmpty();
  }


  /** S3 refused to assemble the parts: one is missing, or its ETag is not the one given. */
  static boolean isInvalidPart(Throwable failure) {
    return S3Errors.unwrap(failure) instanceof S3Exception s3 && s3.statusCode() == 400
        && s3.awsErrorDetails() != null
        && String.valueOf(s3.awsErrorDetails().errorCode()).startsWith("InvalidPart");
  }

  private Future<SignedRequest> sign(Function<S3Presigner, PresignedRequest> signing) {
    return presigner.compose(signer -> vertx.executeBlocking(() -> signed(signing.apply(signer)),
        false));
  }

  /** The signed headers a client has to send itself: not Host and Content-Length, which it does. */
  private static SignedRequest signed(PresignedRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    request.signedHeaders().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
        headers.put(displayName(name), String.join(",", values));
      }
    });
    return new SignedRequest(request.url().toString(), headers, request.expiration());
  }

  private static String displayName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "content-type" -> "Content-Type";
      case "if-none-match" -> "If-None-Match";
      default -> name;
    };
  }

  private static Duration validFor(PendingUpload upload) {
    Duration left = Duration.between(Instant.now(), upload.expiresAt());
    return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
  }

  private <T> Future<T> bridge(CompletableFuture<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
