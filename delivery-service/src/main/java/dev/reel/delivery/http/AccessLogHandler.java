package dev.reel.delivery.http;

import dev.reel.common.AssetId;
import dev.reel.common.Uuids;
import dev.reel.common.event.DeliveryAccessed;
import dev.reel.common.http.ResponseCut;
import dev.reel.delivery.domain.Cmcd;
import dev.reel.delivery.domain.TrustedProxies;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one {@code delivery.access} record for each request for an asset's media, in front of
 * every other {@code /v1/media/} handler, so that it sees every outcome: served, refused, not
 * found, and cut short by the viewer. The record is made when the response ends or the
 * connection closes, and handed to {@code sink}, which must not block; nothing about it can
 * change or delay the response.
 *
 * <p>Other handlers add what only they know through the {@link AccessFacts} entries. Each
 * request also gets an id, in the {@code X-Request-Id} response header and in the record.
 *
 * <p>It also times each request to its first byte: from the request's arrival to its status line
 * and headers being written, in the record and in {@code reel_delivery_first_byte_seconds}, by
 * where the body came from ({@code cache="hit"}: the edge cache had the bytes or was fetching
 * them already; {@code "miss"}: the origin was asked; {@code "none"}: no body was opened, as for
 * a refusal, a 304, a 416 or the HEAD of a segment). A miss's count and sum against {@code
 * reel_delivery_cache_origin_latency_seconds} tell how much of a cold request's wait was S3's.
 */
final class AccessLogHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(AccessLogHandler.class);
  private static final String MEDIA_PREFIX = "/v1/media/";
  /** Header values are the viewer's to choose; a record stays small whatever they send. */
  private static final int MAX_TEXT = 1024;

  private final TrustedProxies proxies;
  private final Consumer<DeliveryAccessed> sink;
  private final Timer firstByteHit;
  private final Timer firstByteMiss;
  private final Timer firstByteNone;

  AccessLogHandler(TrustedProxies proxies, Consumer<DeliveryAccessed> sink,
      MeterRegistry registry) {
    this.proxies = proxies;
    this.sink = sink;
    this.firstByteHit = firstByteTimer(registry, "hit");
    this.firstByteMiss = firstByteTimer(registry, "miss");
    this.firstByteNone = firstByteTimer(registry, "none");
  }

  private static Timer firstByteTimer(MeterRegistry registry, String cache) {
    return Timer.builder("reel.delivery.first.byte")
        .description("time from a media request's arrival to its status line being written")
        .tag("cache", cache)
        .register(registry);
  }

  /**
   * When a request arrived, when its head was written (0 until it is), and whether its record
   * went out. Touched on the request's event loop only.
   */
  private static final class Timing {
    final long started = System.nanoTime();
    long headWritten;
    boolean recorded;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Timing timing = new Timing();
    HttpServerRequest request = ctx.request();
    String requestId = Uuids.random().toString();
    String clientIp = proxies.clientIp(peer(request), request.headers().getAll("X-Forwarded-For"));
    ctx.put(AccessFacts.CLIENT_IP, clientIp);
    ctx.response().putHeader("X-Request-Id", requestId);
    ctx.addHeadersEndHandler(v -> {
      timing.headWritten = System.nanoTime();
      Object cacheHit = ctx.get(AccessFacts.CACHE_HIT);
      Timer timer = cacheHit == null ? firstByteNone
          : Boolean.TRUE.equals(cacheHit) ? firstByteHit : firstByteMiss;
      timer.record(timing.headWritten - timing.started, TimeUnit.NANOSECONDS);
    });
    String assetId = assetIdOf(request.path());
    // The event is about an asset and keyed by its id: a path that names none has no record.
    if (assetId != null) {
      ctx.addEndHandler(ended -> record(ctx, assetId, requestId, clientIp, timing,
          ended.succeeded()));
      ResponseCut.onCut(ctx, () -> record(ctx, assetId, requestId, clientIp, timing, false));
    }
    ctx.next();
  }

  /** @param completed whether the response ended as it meant to, every byte of its body sent */
  private void record(RoutingContext ctx, String assetId, String requestId, String clientIp,
      Timing timing, boolean completed) {
    if (timing.recorded) {
      return;
    }
    timing.recorded = true;
    try {
      HttpServerRequest request = ctx.request();
      HttpServerResponse response = ctx.response();
      Object cacheHit = ctx.get(AccessFacts.CACHE_HIT);
      Object keyId = ctx.get(AccessFacts.KEY_ID);
      Map<String, String> cmcd = cmcd(request);
      sink.accept(new DeliveryAccessed(assetId, request.method().name(),
          cut(request.path()),
          // No status line was sent when the viewer left before the answer was ready.
          response.headWritten() ? response.getStatusCode() : 0,
          bodyBytes(request, response, completed),
          cut(request.getHeader("Range")),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - timing.started),
          timing.headWritten == 0 ? null
              : TimeUnit.NANOSECONDS.toMicros(timing.headWritten - timing.started),
          Boolean.TRUE.equals(cacheHit),
          clientIp,
          cut(request.getHeader("User-Agent")),
          cut(request.getHeader("Referer")),
          keyId instanceof String id ? cut(id) : null,
          Instant.now(),
          requestId,
          protocol(request.version()),
          cmcd.isEmpty() ? null : cmcd));
    } catch (RuntimeException e) {
      LOG.warn("asset {}: no access log record for request {}: {}", assetId, requestId,
          e.toString());
    }
  }

  /**
   * The body's bytes sent. A response that ended as it meant to sent its whole body, which is its
   * Content-Length: over HTTP/2 Vert.x counts a byte only once the connection's flow control lets
   * it out, and ends the response when the last byte is queued, not sent. A response cut short
   * sent what Vert.x counted.
   */
  private static long bodyBytes(HttpServerRequest request, HttpServerResponse response,
      boolean completed) {
    String length = response.headers().get("Content-Length");
    if (completed && length != null && request.method() != HttpMethod.HEAD
        && response.getStatusCode() != 304) {
      try {
        return Long.parseLong(length);
      } catch (NumberFormatException e) {
        // Not one of delivery's own: count as Vert.x did.
      }
    }
    return response.bytesWritten();
  }

  /** The asset id the raw path names, or null. */
  static String assetIdOf(String rawPath) {
    if (rawPath == null || !rawPath.startsWith(MEDIA_PREFIX)) {
      return null;
    }
    int end = rawPath.indexOf('/', MEDIA_PREFIX.length());
    String candidate = rawPath.substring(MEDIA_PREFIX.length(),
        end < 0 ? rawPath.length() : end);
    return AssetId.isValid(candidate) ? candidate : null;
  }

  private static Map<String, String> cmcd(HttpServerRequest request) {
    String fromQuery = Cmcd.queryValue(request.query());
    if (fromQuery == null && !cmcdHeaders(request)) {
      return Map.of();
    }
    List<String> fields = new ArrayList<>();
    fields.add(fromQuery);
    Cmcd.HEADERS.forEach(header -> fields.addAll(request.headers().getAll(header)));
    return Cmcd.parse(fields);
  }

  private static boolean cmcdHeaders(HttpServerRequest request) {
    for (String header : Cmcd.HEADERS) {
      if (request.headers().contains(header)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The connection's peer. Asked of the connection, not of the router's request wrapper, which
   * answers it by working out forwarded headers and the request's scheme and host as strings
   * first, on every request (Reel trusts forwarded headers only through {@link TrustedProxies}).
   */
  private static String peer(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    SocketAddress remote = connection != null ? connection.remoteAddress()
        : request.remoteAddress();
    if (remote == null) {
      return "unknown";
    }
    return remote.hostAddress() != null ? remote.hostAddress() : remote.host();
  }

  private static String protocol(HttpVersion version) {
    if (version == null) {
      return null;
    }
    return switch (version) {
      case HTTP_1_0 -> "HTTP/1.0";
      case HTTP_1_1 -> "HTTP/1.1";
      case HTTP_2 -> "HTTP/2";
      default -> null;
    };
  }

  private static String cut(String text) {
    return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
  }
}
