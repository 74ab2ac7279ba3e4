package dev.reel.delivery.storage;

import dev.reel.common.http.HttpDate;
import dev.reel.common.s3.S3Errors;
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
 * {@link MediaStore} on any S3-compatible server. Metadata comes through the AWS SDK; bytes come
 * through a GET signed here ({@link GetSigner}) and read by Vert.x's own HTTP client, so
 * the body is piped to the viewer on the event loop with Vert.x back-pressure and no extra copy
 * between thread pools.
 */
public final class S3MediaStore implements Origin {

  private static final Duration PRESIGN_TTL = Duration.ofMinutes(5);
  /** Any key: the SDK presigns it once, to tell how the bucket is addressed. */
  private static final String PROBE_KEY = "reel-address-probe";

  private final Vertx vertx;
  private final S3AsyncClient s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final HttpClient origin;
  private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
  private final GetSigner signer;
  private final Duration timeout;

  /**
   * Presigns once, which is slow the first time: build it on a worker thread.
   *
   * @param timeout how long a GET may wait for S3's answer, and then for each next piece of its
   *     body while a reader wants one, before it fails with a {@link
   *     java.util.concurrent.TimeoutException}
   */
  public S3MediaStore(Vertx vertx, S3AsyncClient s3, S3Presigner presigner, String bucket,
      Duration timeout) {
    this.vertx = vertx;
    this.timeout = timeout;
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
    this.credentials = s3.serviceClientConfiguration().credentialsProvider();
    this.signer = new GetSigner(presigner.presignGetObject(p -> p.signatureDuration(PRESIGN_TTL)
            .getObjectRequest(g -> g.bucket(bucket).key(PROBE_KEY))).url().toString(),
        PROBE_KEY, s3.serviceClientConfiguration().region().id(), Clock.systemUTC());
    this.origin = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000),
        new PoolOptions().setHttp1MaxSize(64));
  }

  @Override
  public Future<Optional<ObjectInfo>> describe(String key) {
    // The SDK's own timeouts are per read and per attempt, retries on top: a frozen S3 held a
    // HEAD for over a minute. The whole call gets the origin timeout.
    return Future.fromCompletionStage(s3.headObject(b -> b.bucket(bucket).key(key)
                .overrideConfiguration(c -> c.apiCallTimeout(timeout))),
            vertx.getOrCreateContext())
        .map(head -> Optional.of(new ObjectInfo(head.contentLength(), head.eTag(),
            head.contentType(), head.lastModified())))
        .recover(failure -> S3Errors.isNotFound(failure)
            ? Future.succeededFuture(Optional.empty())
            : Future.failedFuture(failure));
  }

  @Override
  public Future<OriginBody> open(String key, ByteRange range) {
    return signedGet(key)
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
    return signedGet(key)
        .compose(origin::request)
        .compose(request -> request.send()
            .compose(response -> {
              if (response.statusCode() == 404) {
                return response.body().map(ignored -> Optional.<Fetched>empty());
              }
              String length = response.getHeader("Content-Length");
              if (response.statusCode() != 200 || length == null) {
                request.reset();
                return Future.failedFuture(new OriginException("origin answered "
                    + response.statusCode() + (length == null ? " without a length" : "")
                    + " for " + key));
              }
              ObjectInfo info = new ObjectInfo(Long.parseLong(length),
                  response.getHeader("ETag"), response.getHeader("Content-Type"),
                  httpDate(response.getHeader("Last-Modified")));
              return Future.succeededFuture(Optional.of(new Fetched(info,
                  arriving(key, request, response))));
            }));
  }

  /** The answer's body, paused, failing if S3 stalls while it is read. */
  private OriginBody arriving(String key, HttpClientRequest request,
      HttpClientResponse response) {
    response.pause();
    Runnable reset = () -> request.reset();
    return OriginBody.arriving(new StallGuard(vertx, response, timeout, reset, key), reset);
  }

  /** A GET of {@code key}, signed with the credentials of the moment. */
  private Future<RequestOptions> signedGet(String key) {
    CompletableFuture<? extends AwsCredentialsIdentity> identity = credentials.resolveIdentity();
    if (identity.isDone() && !identity.isCompletedExceptionally()) {
      return Future.succeededFuture(request(signer.sign(key, identity.join())));
    }
    return Future.fromCompletionStage(identity, vertx.getOrCreateContext())
        .map(resolved -> request(signer.sign(key, resolved)));
  }

  /** The GET as Vert.x sends it, addressed by parts: an absolute URI would be parsed again. */
  private RequestOptions request(GetSigner.SignedGet get) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        // Until the answer's head is in; StallGuard watches the body.
        .setIdleTimeout(timeout.toMillis())
        .setHost(signer.serverHost())
        .setPort(signer.serverPort())
        .setSsl(signer.ssl())
        .setURI(get.path());
    get.headers().forEach(options::putHeader);
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
