package dev.reel.delivery.storage;

import dev.reel.common.http.HttpDate;
import dev.reel.delivery.domain.ByteRange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link MediaStore} on any S3-compatible server. Objects are read with GETs and HEADs signed
 * here ({@link ObjectSigner}) and sent by Vert.x's own HTTP client, so a body is piped to the
 * viewer on the event loop with Vert.x back-pressure and no extra copy between thread pools, and
 * a refused connection fails at once. The AWS SDK tells the bucket's address and credentials, and
 * presigns redirects.
 */
public final class S3MediaStore implements Origin {

  private static final Duration PRESIGN_TTL = Duration.ofMinutes(5);
  /** Any key: the SDK presigns it once, to tell how the bucket is addressed. */
  private static final String PROBE_KEY = "reel-address-probe";

  private final Vertx vertx;
  private final S3Presigner presigner;
  private final String bucket;
  private final HttpClient origin;
  private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
  private final ObjectSigner signer;
  private final Duration timeout;

  /**
   * Presigns once, which is slow the first time: build it on a worker thread.
   *
   * @param timeout how long a GET or HEAD may wait for S3's answer, and a GET then for each next
   *     piece of its body while a reader wants one, before it fails with a {@link
   *     java.util.concurrent.TimeoutException}
   */
  public S3MediaStore(Vertx vertx, S3AsyncClient s3, S3Presigner presigner, String bucket,
      Duration timeout) {
    this.vertx = vertx;
    this.timeout = timeout;
    this.presigner = presigner;
    this.bucket = bucket;
    this.credentials = s3.serviceClientConfiguration().credentialsProvider();
    this.signer = new ObjectSigner(presigner.presignGetObject(p -> p.signatureDuration(PRESIGN_TTL)
            .getObjectRequest(g -> g.bucket(bucket).key(PROBE_KEY))).url().toString(),
        PROBE_KEY, s3.serviceClientConfiguration().region().id(), Clock.systemUTC());
    this.origin = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000),
        new PoolOptions().setHttp1MaxSize(64));
  }

  @Override
  public Future<Optional<ObjectInfo>> describe(String key) {
    // A HEAD through the SDK's Netty pool, with S3 refusing connections, now and then lost the
    // refusal and waited out the pool's acquire timeout: 504 after 30 s where 503 was due at once.
    return signed(HttpMethod.HEAD, key)
        .compose(origin::request)
        .compose(request -> request.send()
            .compose(response -> response.end()
                .compose(ended -> described(response, HttpMethod.HEAD, key))));
  }

  @Override
  public Future<OriginBody> open(String key, ByteRange range) {
    return signed(HttpMethod.GET, key)
        .compose(get -> origin.request(get.putHeader("Range", range.rangeHeader())))
        .compose(request -> request.send()
            .compose(response -> {
              if (response.statusCode() != 206 && response.statusCode() != 200) {
                request.reset();
                return Future.failedFuture(new OriginException(
                    "origin answered " + response.statusCode() + " for " + key));
              }
              return Future.succeededFuture(arriving(key, request, response));
            }));
  }

  @Override
  public Future<Optional<Fetched>> fetch(String key) {
    return signed(HttpMethod.GET, key)
        .compose(origin::request)
        .compose(request -> request.send()
            .compose(response -> described(response, HttpMethod.GET, key)
                .onFailure(unusable -> request.reset())
                .compose(found -> found.isEmpty()
                    ? response.body().map(ignored -> Optional.<Fetched>empty())
                    : Future.succeededFuture(Optional.of(new Fetched(found.get(),
                        arriving(key, request, response)))))));
  }

  /** The answer's body, paused, failing if S3 stalls while it is read. */
  private OriginBody arriving(String key, HttpClientRequest request,
      HttpClientResponse response) {
    response.pause();
    Runnable reset = () -> request.reset();
    return OriginBody.arriving(new StallGuard(vertx, response, timeout, reset, key), reset);
  }

  /**
   * What S3's answer to a GET or HEAD of {@code key} says of the object: nothing for a 404, what
   * its headers say for a 200 with a length, an {@link OriginException} for anything else.
   */
  private static Future<Optional<ObjectInfo>> described(HttpClientResponse response,
      HttpMethod method, String key) {
    if (response.statusCode() == 404) {
      return Future.succeededFuture(Optional.empty());
    }
    String length = response.getHeader("Content-Length");
    if (response.statusCode() != 200 || length == null) {
      return Future.failedFuture(new OriginException("origin answered "
          + response.statusCode() + (length == null ? " without a length" : "") + " to a "
          + method.name() + " of " + key));
    }
    return Future.succeededFuture(Optional.of(new ObjectInfo(Long.parseLong(length),
        response.getHeader("ETag"), response.getHeader("Content-Type"),
        httpDate(response.getHeader("Last-Modified")))));
  }

  /** A GET or HEAD of {@code key}, signed with the credentials of the moment. */
  private Future<RequestOptions> signed(HttpMethod method, String key) {
    CompletableFuture<? extends AwsCredentialsIdentity> identity = credentials.resolveIdentity();
    if (identity.isDone() && !identity.isCompletedExceptionally()) {
      return Future.succeededFuture(request(method, signer.sign(method.name(), key,
          identity.join())));
    }
    return Future.fromCompletionStage(identity, vertx.getOrCreateContext())
        .map(resolved -> request(method, signer.sign(method.name(), key, resolved)));
  }

  /** The request as Vert.x sends it, addressed by parts: an absolute URI would be parsed again. */
  private RequestOptions request(HttpMethod method, ObjectSigner.SignedRequest signed) {
    RequestOptions options = new RequestOptions().setMethod(method)
        // Until the answer's head is in; StallGuard watches the body.
        .setIdleTimeout(timeout.toMillis())
        .setHost(signer.serverHost())
        .setPort(signer.serverPort())
        .setSsl(signer.ssl())
        .setURI(signed.path());
    signed.headers().forEach(options::putHeader);
    return options;
  }

  private static Instant httpDate(String value) {
    return HttpDate.parse(value).orElse(null);
  }

  public Future<Void> close() {
    presigner.close();
    return origin.close();
  }


  /** The origin failed in a way the viewer cannot fix. */
  public static final class OriginException extends RuntimeException {
    public OriginException(String message) {
      super(message);
    }
  }
}
