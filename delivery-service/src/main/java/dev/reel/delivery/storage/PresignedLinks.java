package dev.reel.delivery.storage;

import dev.reel.common.s3.S3Clients;
import dev.reel.common.s3.S3Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Short-lived presigned GET URLs for viewers sent straight to S3. They are signed for the S3
 * address viewers reach ({@code REEL_S3_PUBLIC_ENDPOINT}), which in a container network is not
 * the one delivery itself talks to: the signature covers the host.
 */
public final class PresignedLinks {

  private final Vertx vertx;
  private final S3Presigner presigner;
  private final String bucket;
  private final Duration ttl;

  private PresignedLinks(Vertx vertx, S3Presigner presigner, String bucket, Duration ttl) {
    this.vertx = vertx;
    this.presigner = presigner;
    this.bucket = bucket;
    this.ttl = ttl;
  }

  public static Future<PresignedLinks> create(Vertx vertx, S3Settings settings,
      Optional<URI> publicEndpoint, Duration ttl) {
    S3Settings forViewers = new S3Settings(publicEndpoint.or(settings::endpoint),
        settings.region(), settings.bucket(), settings.accessKey(), settings.secretKey(),
        settings.pathStyle());
    return vertx.executeBlocking(() -> S3Clients.presigner(forViewers))
        .map(presigner -> new PresignedLinks(vertx, presigner, settings.bucket(), ttl));
  }

  /**
   * A GET URL of the object that works for {@code ttl}, or until {@code notAfter} if that comes
   * first (whole seconds, down); empty when less than a second is left.
   */
  public Future<Optional<String>> get(String key, Optional<Instant> notAfter) {
    Duration valid = notAfter.map(end -> Duration.between(Instant.now(), end))
        .filter(left -> left.compareTo(ttl) < 0)
        .map(left -> Duration.ofSeconds(left.getSeconds()))
        .orElse(ttl);
    if (valid.getSeconds() < 1) {
      return Future.succeededFuture(Optional.empty());
    }
    // Off the event loop: resolving credentials from the default chain may block.
    return vertx.executeBlocking(() -> Optional.of(presigner.presignGetObject(p -> p
        .signatureDuration(valid).getObjectRequest(g -> g.bucket(bucket).key(key))).url()
        .toString()), false);
  }

  public void close() {
    presigner.close();
  }
}
