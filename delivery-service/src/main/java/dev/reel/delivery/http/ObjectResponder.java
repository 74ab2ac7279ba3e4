package dev.reel.delivery.http;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.common.http.HttpDate;
import dev.reel.common.http.ResponseCut;
import dev.reel.common.http.Vary;
import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.domain.ContentCoding;
import dev.reel.delivery.domain.MultipartByteRanges;
import dev.reel.delivery.domain.Preconditions;
import dev.reel.delivery.domain.RangeRequest;
import dev.reel.delivery.storage.MediaStore;
import dev.reel.delivery.storage.ObjectInfo;
import dev.reel.delivery.storage.OriginBody;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET} and {@code HEAD} for one stored object, whatever route found it, under RFC
 * 9110: its validators; the conditional requests in the order of section 13.2.2 ({@code
 * If-Match} and {@code If-Unmodified-Since} to 412, {@code If-None-Match} and {@code
 * If-Modified-Since} to 304, {@code If-Range}); byte ranges, one as a plain 206 and several as
 * {@code multipart/byteranges}; gzip or brotli for small text files; and the bytes streamed from
 * the origin with back-pressure. Every media route of delivery goes through here, so they all
 * behave alike.
 */
final class ObjectResponder {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectResponder.class);

  /**
   * The largest file compressed: manifests are kilobytes (a two-hour HLS playlist is about
   * 100 KiB); a larger one is served as stored rather than held in memory.
   */
  static final long MAX_COMPRESSED_SOURCE = 1024 * 1024;
  /** Below this a coding's own framing eats most of what it saves. */
  private static final long MIN_COMPRESSED_SOURCE = 128;
  /**
   * Whether the edge cache had the object, worded as CloudFront's {@code X-Cache} (which says
   * "Hit from cloudfront" or "Miss from cloudfront"), for people checking with {@code curl -I}.
   */
  private static final String X_CACHE = "X-Cache";
  private static final String HIT = "Hit from reel";
  private static final String MISS = "Miss from reel";

  /**
   * One object to serve.
   *
   * @param key the object's key in the bucket
   * @param contentType the type to answer with; null to answer with the type stored with it
   * @param cacheControl the {@code Cache-Control} value; null to send none
   * @param compressible whether the whole body may be sent gzip- or brotli-coded
   * @param notFound the error to answer with when there is no such object
   */
  record Target(String key, String contentType, String cacheControl, boolean compressible,
      ApiException notFound) {
  }

  private final MediaStore store;

  ObjectResponder(MediaStore store) {
    this.store = store;
  }

  Future<Void> respond(RoutingContext ctx, Target target) {
    return (isHead(ctx.request()) ? store.describeOnly(target.key())
        : store.describe(target.key()))
        .recover(OriginFailures::storageUnavailable)
        .compose(info -> info.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(target.notFound())))
        .compose(info -> serve(ctx, target, info));
  }

  private Future<Void> serve(RoutingContext ctx, Target target, ObjectInfo info) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    String contentType = Optional.ofNullable(target.contentType())
        .or(() -> Optional.ofNullable(info.contentType()))
        .orElse("application/octet-stream");
    Optional<ContentCoding> coding = coding(request, target, info);
    // The representation's own tag: a coded body has other bytes than the stored one.
    String etag = coding.map(c -> c.etagOf(info.etag())).orElse(info.etag());
    describe(response, target, contentType, etag, info);
    // What the request learnt already (a signed manifest reads its stored file first), else
    // whether a GET now would be served from the cache; a body opened later has the last word.
    Boolean known = ctx.get(AccessFacts.CACHE_HIT);
    cacheStatus(response, known != null ? known : store.holds(target.key(), info.etag()));

    Preconditions conditions = new Preconditions(list(request, "If-Match"),
        single(request, "If-Unmodified-Since"), list(request, "If-None-Match"),
        single(request, "If-Modified-Since"), list(request, "If-Range"));
    switch (conditions.evaluate(etag, info.lastModified())) {
      case FAILED:
        return Future.failedFuture(new ApiException(ErrorCode.PRECONDITION_FAILED,
            "the object has changed: its ETag is " + etag + ", last modified "
                + Optional.ofNullable(info.lastModified()).map(HttpDate::format)
                .orElse("unknown")));
      case NOT_MODIFIED:
        // Representation metadata other than the validators is not repeated on a 304 (RFC 9110
        // 15.4.5): the cache keeps the type it has.
        response.headers().remove("Content-Type");
        return response.setStatusCode(304).end();
      default:
        break;
    }
    BodyWriter body = new BodyWriter(response);
    if (coding.isPresent()) {
      return coded(ctx, target, info, coding.get(), body);
    }
    // Range is defined for GET alone: a HEAD describes the whole object (RFC 9110 14.2).
    List<String> range = !isHead(request) && conditions.rangeApplies(etag, info.lastModified())
        ? request.headers().getAll("Range") : List.of();
    return ranged(ctx, target, info, contentType, RangeRequest.parseLines(range, info.length()),
        body);
  }

  /** The headers that describe the representation: on 200, 206 and 412; a 304 drops the type. */
  private static void describe(HttpServerResponse response, Target target, String contentType,
      String etag, ObjectInfo info) {
    if (target.compressible()) {
      Vary.add(response.headers(), "Accept-Encoding");
    }
    response.putHeader("Accept-Ranges", "bytes")
        .putHeader("Content-Type", contentType)
        // Browsers must not guess: a file is only ever what its name (or storage) says it is.
        .putHeader("X-Content-Type-Options", "nosniff");
    Optional.ofNullable(target.cacheControl())
        .ifPresent(value -> response.putHeader("Cache-Control", value));
    Optional.ofNullable(etag).ifPresent(value -> response.putHeader("ETag", value));
    Optional.ofNullable(info.lastModified()).ifPresent(modified -> response.putHeader(
        "Last-Modified", HttpDate.format(modified)));
  }

  /** The stored bytes: all of them (200), one range (206) or several (206 multipart), or 416. */
  private Future<Void> ranged(RoutingContext ctx, Target target, ObjectInfo info,
      String contentType, RangeRequest wanted, BodyWriter body) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = request.response();
    if (wanted instanceof RangeRequest.Unsatisfiable unsatisfiable) {
      return Future.failedFuture(new ApiException(ErrorCode.RANGE_NOT_SATISFIABLE,
          "range '" + request.getHeader("Range") + "' is outside the " + info.length()
              + "-byte body",
          Map.of("Content-Range", unsatisfiable.contentRange())));
    }
    if (wanted instanceof RangeRequest.Multiple multiple) {
      MultipartByteRanges parts = MultipartByteRanges.of(multiple.ranges(), contentType);
      response.setStatusCode(206)
          .putHeader("Content-Type", parts.contentType())
          .putHeader("Content-Length", String.valueOf(parts.contentLength()));
      return isHead(request) ? response.end() : multipart(ctx, target, parts, body);
    }
    ByteRange range;
    if (wanted instanceof RangeRequest.Partial partial) {
      range = partial.range();
      response.setStatusCode(206).putHeader("Content-Range", range.contentRange());
    } else {
      if (info.length() == 0) {
        return response.putHeader("Content-Length", "0").end();
      }
      range = ByteRange.whole(info.length());
      response.setStatusCode(200);
    }
    response.putHeader("Content-Length", String.valueOf(range.length()));
    if (isHead(request)) {
      return response.end();
    }
    return open(ctx, target, range).compose(origin -> {
      if (origin.file().isPresent() && request.version() != HttpVersion.HTTP_2) {
        return sendFile(ctx, origin, origin.file().get());
      }
      if (origin.arriving()) {
        // The origin has answered and its body is on the way: the viewer's first byte need
        // not wait for the body's, nor for the queue of the origin's connection.
        body.head();
      }
      return finish(target, body, body.copy(origin).compose(v -> body.end()));
    });
  }

  /**
   * The coding to send the whole body in, if any: only for compressible files of a sensible size,
   * only when the client accepts one, and never for a request with a {@code Range} (ranges are
   * always of the stored bytes, so a resumed download can never splice two codings).
   */
  private static Optional<ContentCoding> coding(HttpServerRequest request, Target target,
      ObjectInfo info) {
    if (!target.compressible() || request.getHeader("Range") != null
        || info.length() < MIN_COMPRESSED_SOURCE || info.length() > MAX_COMPRESSED_SOURCE) {
      return Optional.empty();
    }
    // Several field lines are one list (RFC 9110 5.3).
    List<String> accepted = request.headers().getAll("Accept-Encoding");
    return ContentCoding.negotiate(accepted.isEmpty() ? null : String.join(",", accepted),
        Compression.available());
  }

  /** The whole body, read into memory, coded, and sent with its exact length. */
  private Future<Void> coded(RoutingContext ctx, Target target, ObjectInfo info,
      ContentCoding coding, BodyWriter body) {
    HttpServerResponse response = ctx.response();
    return open(ctx, target, ByteRange.whole(info.length()))
        .compose(origin -> readAll(origin, info.length())
            .recover(OriginFailures::storageUnavailable))
        .compose(identity -> ctx.vertx().executeBlocking(
            () -> Compression.encode(coding, identity), false))
        .compose(encoded -> {
          response.setStatusCode(200)
              .putHeader("Content-Encoding", coding.token())
              .putHeader("Content-Length", String.valueOf(encoded.length()));
          return finish(target, body, isHead(ctx.request()) ? body.end() : body.end(encoded));
        });
  }

  /** A whole body, collected in memory: for the small ones that are coded or rewritten. */
  static Future<Buffer> readAll(OriginBody origin, long length) {
    Promise<Buffer> done = Promise.promise();
    Buffer all = Buffer.buffer((int) length);
    ReadStream<Buffer> stream = origin.stream();
    stream.exceptionHandler(done::tryFail);
    stream.handler(all::appendBuffer);
    stream.endHandler(v -> done.tryComplete(all));
    stream.resume();
    return done.future();
  }

  /**
   * The parts in turn: each part's origin fetch is opened before its header is written, so that
   * an origin that fails before the first byte still gets a clean JSON 503.
   */
  private Future<Void> multipart(RoutingContext ctx, Target target, MultipartByteRanges parts,
      BodyWriter body) {
    Future<Void> sent = Future.succeededFuture();
    for (int i = 0; i < parts.ranges().size(); i++) {
      int index = i;
      sent = sent.compose(v -> open(ctx, target, parts.ranges().get(index), index == 0))
          .compose(origin -> body.write(Buffer.buffer(parts.partHead(index)))
              .onFailure(gone -> origin.cancel().run())
              .compose(v -> body.copy(origin)));
    }
    Future<Void> all = sent.compose(v -> body.end(Buffer.buffer(parts.closing())));
    return finish(target, body, all);
  }

  private Future<OriginBody> open(RoutingContext ctx, Target target, ByteRange range) {
    return open(ctx, target, range, true);
  }

  /** {@code first}: false for a multipart answer's later ranges (one cache result a request). */
  private Future<OriginBody> open(RoutingContext ctx, Target target, ByteRange range,
      boolean first) {
    return (first ? store.open(target.key(), range) : store.openAnotherPart(target.key(), range))
        .onSuccess(body -> {
          AccessFacts.bodyOpened(ctx, body);
          if (first && !ctx.response().headWritten()) {
            cacheStatus(ctx.response(), Boolean.TRUE.equals(ctx.get(AccessFacts.CACHE_HIT)));
          }
        })
        .recover(OriginFailures::storageUnavailable);
  }

  private static void cacheStatus(HttpServerResponse response, boolean hit) {
    response.putHeader(X_CACHE, hit ? HIT : MISS);
  }

  /**
   * How a body that was started ends: a viewer who left is no failure; an origin that failed
   * after the status line went out can only be answered by cutting the response; one that
   * failed before anything was sent is answered with its JSON error.
   */
  private static Future<Void> finish(Target target, BodyWriter body, Future<Void> sending) {
    return sending.recover(failure -> {
      if (failure instanceof BodyWriter.ViewerGone || !body.open()) {
        return Future.succeededFuture();
      }
      if (!body.started()) {
        return OriginFailures.storageUnavailable(failure);
      }
      LOG.warn("{}: body cut after the origin failed: {}", target.key(), failure.toString());
      body.cut();
      return Future.succeededFuture();
    });
  }

  private static boolean isHead(HttpServerRequest request) {
    return request.method() == HttpMethod.HEAD;
  }

  /**
   * A body the edge cache has in a local file: the kernel copies it to the socket (sendfile),
   * nothing passes through the heap. Vert.x sends a file over HTTP/1.x only.
   */
  private static Future<Void> sendFile(RoutingContext ctx, OriginBody body,
      OriginBody.FileRegion file) {
    HttpServerRequest request = ctx.request();
    Future<Void> sent;
    try {
      sent = request.response().sendFile(file.channel(), file.position(), file.length());
    } catch (RuntimeException closedMeanwhile) {
      // Vert.x 5.0 throws instead of failing when the viewer hung up just before.
      sent = Future.failedFuture(closedMeanwhile);
    }
    return sent
        .onComplete(done -> body.cancel().run())
        .recover(e -> {
          LOG.debug("file to {} ended early: {}", request.remoteAddress(), e.toString());
          // Vert.x never ends a response whose file the viewer hung up on.
          ResponseCut.happened(ctx);
          return Future.succeededFuture();
        });
  }

  /**
   * A list-valued field (RFC 9110 5.3): several field lines mean the same as one, their values
   * joined with commas.
   */
  private static String list(HttpServerRequest request, String name) {
    List<String> lines = request.headers().getAll(name);
    return lines.isEmpty() ? null : lines.size() == 1 ? lines.get(0) : String.join(", ", lines);
  }

  /**
   * A field with one date as its value: more than one field line is more than one member, and the
   * condition is then ignored (RFC 9110 13.1.3, 13.1.4).
   */
  private static String single(HttpServerRequest request, String name) {
    List<String> lines = request.headers().getAll(name);
    return lines.size() == 1 ? lines.get(0) : null;
  }
}
