package dev.reel.delivery.http;

import dev.reel.common.config.ConfigException;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ApiKeyAuth;
import dev.reel.common.http.ErrorCode;
import dev.reel.common.http.ServiceHttp;
import dev.reel.common.kafka.EventConsumer;
import dev.reel.common.lifecycle.AssetLifecycles;
import dev.reel.common.lifecycle.LifecycleProjector;
import dev.reel.common.s3.S3Clients;
import dev.reel.common.service.Infrastructure;
import dev.reel.common.service.Listening;
import dev.reel.common.service.ServiceRuntime;
import dev.reel.delivery.cache.EdgeCache;
import dev.reel.delivery.config.DeliveryConfig;
import dev.reel.delivery.domain.AccessLogBuffer;
import dev.reel.delivery.kafka.AccessEvent;
import dev.reel.delivery.kafka.AccessLogPublisher;
import dev.reel.delivery.signing.AccessVerifier;
import dev.reel.delivery.signing.KeyRing;
import dev.reel.delivery.signing.PublicAssets;
import dev.reel.delivery.signing.UrlSigner;
import dev.reel.delivery.storage.PresignedLinks;
import dev.reel.delivery.kafka.CacheInvalidator;
import dev.reel.delivery.storage.MediaStore;
import dev.reel.delivery.storage.S3MediaStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The delivery edge's HTTP API. */
public final class DeliveryVerticle extends VerticleBase implements Listening {

  /** Prefix of the consumer groups that replay the lifecycle topics into {@link #assets}. */
  private static final String ASSETS_GROUP = "reel-delivery-assets";
  /** What a media URL allows: the answer to OPTIONS, and the Allow of a 405. */
  private static final String ALLOW = String.join(", ", PlayerCors.ALLOWED_METHODS);

  private final DeliveryConfig config;
  private final ServiceRuntime runtime;
  private final AssetLifecycles assets = new AssetLifecycles();
  private final AccessLogBuffer<AccessEvent> accessLog;
  private Infrastructure infra;
  private EventConsumer projector;
  private AccessLogPublisher accessLogPublisher;
  private S3MediaStore store;
  private KeyRing keys;
  private PresignedLinks presignedLinks;
  private EdgeCache cache;
  private EventConsumer invalidator;
  private HttpServer server;
  /** The connections open, all on the one event loop. */
  private final Set<HttpConnection> connections = new HashSet<>();

  public DeliveryVerticle(DeliveryConfig config, ServiceRuntime runtime) {
    this.config = config;
    this.runtime = runtime;
    this.accessLog = new AccessLogBuffer<>(config.accessLog().bufferSize());
  }

  @Override
  public Future<?> start() {
    ViewerGoneLogFilter.install();
    // Keys first: a missing or unusable key file stops the service before it connects to
    // anything, with a message that names the setting.
    return vertx.executeBlocking(() -> config.access().loadKeys())
        .onSuccess(loaded -> keys = loaded)
        .compose(v -> Infrastructure.connect(vertx, config.kafka(), config.s3()))
        .onSuccess(connected -> infra = connected)
        .compose(v -> infra.ensureTopics())
        .compose(v -> LifecycleProjector.start(vertx, config.kafka(), ASSETS_GROUP,
            runtime.registry(), assets))
        .onSuccess(started -> projector = started)
        .compose(v -> AccessLogPublisher.start(vertx, config.kafka(), config.accessLog(),
            accessLog, runtime.registry()))
        .onSuccess(started -> accessLogPublisher = started)
        .compose(v -> vertx.executeBlocking(() -> new S3MediaStore(vertx, infra.s3(),
            S3Clients.presigner(config.s3()), infra.bucket(),
            config.origin().responseTimeout())))
        .onSuccess(created -> store = created)
        .compose(v -> PresignedLinks.create(vertx, config.s3(),
            config.access().s3PublicEndpoint(), config.access().presignTtl()))
        .onSuccess(links -> presignedLinks = links)
        .compose(v -> startCache())
        .compose(v -> config.tls().map(tls -> vertx.executeBlocking(() -> {
          tls.checkPair(vertx);
          return null;
        })).orElse(Future.succeededFuture()))
        .compose(v -> ServiceHttp.listen(runtime, router(), serverOptions(), connection -> {
          SendTurns.take(connection);
          connections.add(connection);
          connection.closeHandler(closed -> connections.remove(connection));
        })
            .recover(this::explainListenFailure))
        .onSuccess(listening -> server = listening);
  }

  /** h2c on a plain port; with a certificate, HTTPS with h2 and HTTP/1.1 by ALPN instead. */
  private HttpServerOptions serverOptions() {
    HttpServerOptions options = SendTurns.applyTo(ServiceHttp.serverOptions(config.http()),
        config.send());
    return config.tls().map(tls -> tls.applyTo(options)).orElse(options);
  }

  /** A certificate that does not load fails the start with the files named, not a bare trace. */
  private Future<HttpServer> explainListenFailure(Throwable failure) {
    return Future.failedFuture(config.tls()
        .<Throwable>map(tls -> new ConfigException("delivery could not listen with TLS, "
            + "certificate " + tls.certFile() + " and key " + tls.keyFile() + ": " + failure,
            failure))
        .orElse(failure));
  }

  private Future<Void> startCache() {
    if (!config.cache().enabled()) {
      return Future.succeededFuture();
    }
    return EdgeCache.open(vertx, store, config.cache(), runtime.registry())
        .onSuccess(opened -> cache = opened)
        .compose(opened -> CacheInvalidator.start(vertx, config.kafka(), runtime.registry(),
            opened))
        .onSuccess(started -> invalidator = started)
        .mapEmpty();
  }

  private Router router() {
    MediaStore media = cache != null ? cache : store;
    var responder = new ObjectResponder(media);
    var source = new SourceHandler(responder);
    var files = new MediaFileHandler(responder, assets);
    Optional<UrlSigner> signer = keys.signingKey().map(UrlSigner::new);
    var status = new AssetStatusHandler(assets, config.publicBaseUrl(), config.http(),
        new PlaybackUrlSigning(config.access().signingRequired() ? signer : Optional.empty(),
            PublicAssets.of(config.access().publicAssets()), config.access().urlTtl(),
            Clock.systemUTC()));
    var access = new PlaybackAccess(config.access(),
        keys.publicKeys().isEmpty() ? Optional.empty() : Optional.of(new AccessVerifier(keys)),
        config.publicBaseUrl(), config.http(), media, presignedLinks, runtime.registry(), assets);
    var manifests = new SignedManifests(media, signer);
    Router router = ServiceHttp.router(runtime, infra.readinessChecks());
    // Media routes come first: they take nearly every request, and each route tried before the
    // one that answers costs a match. GET and HEAD share each route (RFC 9110 section 9.1: what
    // answers GET answers HEAD; Vert.x drops the body).
    router.route("/v1/media/*")
        // First, so that it sees every outcome of every media request.
        .handler(new AccessLogHandler(config.trustedProxies(),
            served -> accessLog.offer(AccessEvent.of(served)), runtime.registry()))
        // CORS next: a player's preflight carries no credentials, and errors must be readable.
        .handler(PlayerCors.handler(config.cors()))
        // The methods other than GET and HEAD, answered here: a route of its own for OPTIONS
        // would turn the 404 of a path no GET route serves into a 405. An OPTIONS that is no
        // preflight asks what the resource allows (RFC 9110 9.3.7); any other method gets the
        // 405 the router would give, with OPTIONS in its Allow as well (RFC 9110 10.2.1).
        .handler(ctx -> {
          HttpMethod method = ctx.request().method();
          if (method == HttpMethod.OPTIONS) {
            ctx.response().setStatusCode(204).putHeader("Allow", ALLOW).end();
          } else if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            ctx.fail(new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "method " + method
                + " is not allowed on " + ctx.request().path(), Map.of("Allow", ALLOW)));
          } else {
            ctx.next();
          }
        });
    // Playback: signed URLs and cookies are checked first. Then every media file is served by
    // this one route, sent on by the path PlaybackAccess has read and checked: a route per kind
    // with a path parameter is matched by a regular expression, on every request. A path that
    // names no file has no grant, and no media route serves it.
    router.route("/v1/media/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(access)
        .handler(ctx -> {
          PlaybackGrant grant = ctx.get(PlaybackGrant.KEY);
          if (grant == null) {
            ctx.next();
          } else if (grant.isSource()) {
            source.handle(ctx, grant);
          } else {
            manifests.handle(ctx, grant, other -> files.handle(other, grant));
          }
        });
    router.route("/v1/assets/*").handler(ApiKeyAuth.of(config.apiKeys()));
    router.route("/v1/assets/:assetId").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(status::get);
    return router;
  }

  /**
   * Stops in the order that keeps every access log record: the viewers' connections first, which
   * ends (and logs, as cut short) any response still under way; then the cache (its fills cut)
   * and the consumers; and only then the access log's last batch, once those records are in its
   * buffer. (Vert.x would close the connections itself, but only after this, when the access
   * log has gone.)
   */
  @Override
  public Future<?> stop() {
    if (presignedLinks != null) {
      presignedLinks.close();
    }
    Future<Void> viewersGone = Future.join(List.copyOf(connections).stream()
            .map(HttpConnection::close).toList())
        .<Void>mapEmpty().otherwiseEmpty();
    return viewersGone
        .eventually(() -> Future.join(
            projector == null ? Future.succeededFuture() : projector.close(),
            invalidator == null ? Future.succeededFuture() : invalidator.close(),
            cache == null ? Future.succeededFuture() : cache.close()))
        .eventually(() -> accessLogPublisher == null ? Future.succeededFuture()
            : accessLogPublisher.close())
        .eventually(() -> Future.join(store == null ? Future.succeededFuture() : store.close(),
            infra == null ? Future.succeededFuture() : infra.close()));
  }

  @Override
  public int port() {
    return server.actualPort();
  }
}
