package dev.reel.delivery.http;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.common.http.HttpSettings;
import dev.reel.common.lifecycle.AssetLifecycles;
import dev.reel.delivery.config.AccessSettings;
import dev.reel.delivery.config.PublicBaseUrl;
import dev.reel.delivery.domain.Cmcd;
import dev.reel.delivery.domain.MediaPath;
import dev.reel.delivery.signing.AccessVerifier;
import dev.reel.delivery.signing.Credentials;
import dev.reel.delivery.signing.IpRange;
import dev.reel.delivery.signing.ManifestRewriter;
import dev.reel.delivery.signing.PublicAssets;
import dev.reel.delivery.signing.RequestQuery;
import dev.reel.delivery.signing.Verified;
import dev.reel.delivery.storage.MediaStore;
import dev.reel.delivery.storage.PresignedLinks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a viewer may fetch media, in front of every {@code /v1/media/} route, so no
 * media handler has to know about signatures. Media is private unless configured public: a
 * request needs a CloudFront signed URL or signed cookies whose policy covers the URL as the
 * viewer addressed it (under the public base URL). It also answers {@code redirect=presigned}
 * with a redirect to S3, once the signature is checked.
 *
 * <p>A path that is not a media path ({@code ..}, encodings, a malformed asset id) is refused
 * with 400 here, before anything is served.
 */
final class PlaybackAccess implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(PlaybackAccess.class);
  private static final String MEDIA_PREFIX = "/v1/media/";
  static final String REDIRECT = "redirect";
  static final String PRESIGNED = "presigned";
  private static final Pattern MAX_AGE = Pattern.compile("\\bmax-age=(\\d+)");

  private final AccessSettings settings;
  private final PublicAssets publicAssets;
  private final Optional<AccessVerifier> verifier;
  private final PublicBaseUrl publicBaseUrl;
  private final HttpSettings http;
  private final MediaStore store;
  private final PresignedLinks links;
  private final MeterRegistry registry;
  private final AssetLifecycles assets;

  PlaybackAccess(AccessSettings settings, Optional<AccessVerifier> verifier,
      PublicBaseUrl publicBaseUrl, HttpSettings http, MediaStore store, PresignedLinks links,
      MeterRegistry registry, AssetLifecycles assets) {
    this.assets = assets;
    this.settings = settings;
    this.publicAssets = PublicAssets.of(settings.publicAssets());
    this.verifier = verifier;
    this.publicBaseUrl = publicBaseUrl;
    this.http = http;
    this.store = store;
    this.links = links;
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    MediaPath path;
    try {
      path = MediaPath.parse(ctx.request().path());
    } catch (ApiException malformed) {
      if (namesNoFile(ctx.request().path())) {
        ctx.next();
      } else {
        // Refused here, where the path is read raw: the router's own copy has its dot segments
        // removed, so /v1/media/{id}/x/../source would read there as the original.
        ctx.fail(malformed);
      }
      return;
    }
    RequestQuery query = RequestQuery.parse(ctx.request().query());
    // As in the URLs GET /v1/assets/{id} signs.
    String base = publicBaseUrl.resolve(http, ctx.request());
    Optional<Verified> verified = Optional.empty();
    if (settings.signingRequired() && !publicAssets.covers(path.assetId(), path.file())) {
      try {
        verified = Optional.of(verify(ctx, query, base));
        ctx.put(AccessFacts.KEY_ID, verified.get().credentials().keyPairId());
        limitCaching(ctx, verified.get());
      } catch (ApiException denied) {
        Counter.builder("reel.delivery.access.denied").tag("reason", denied.code().name())
            .description("media requests refused by the access check, by reason")
            .register(registry).increment();
        LOG.debug("asset {}: {} refused, {}", path.assetId(), path.file(), denied.code());
        ctx.fail(denied);
        return;
      }
    }
    if (assets.isDeleted(path.assetId())) {
      // S3 may still hold some of its files for a moment (transcode removes the renditions
      // after the event), and a request in that moment would put them back in the edge cache.
      ctx.fail(new ApiException(ErrorCode.ASSET_NOT_FOUND, "no asset " + path.assetId()));
      return;
    }
    PlaybackGrant grant = new PlaybackGrant(path, base, verified,
        query.first(REDIRECT).filter(PRESIGNED::equals).isPresent());
    ctx.put(PlaybackGrant.KEY, grant);
    if (redirects(ctx, grant)) {
      redirect(ctx, grant);
    } else {
      ctx.next();
    }
  }

  /**
   * Who may keep what a signature let through, and how long, set once its headers are final:
   *
   * <ul>
   *   <li>No longer than the signature is good for: a cache that holds a signed URL's answer (a
   *       browser, a shared cache in front of delivery) would otherwise hand it out for a year
   *       after the URL expired.
   *   <li>Let through by cookies, only the viewer's own browser: its URL anyone may ask for, and
   *       a shared cache on the way knows nothing of the cookies. (A signed URL carries its
   *       signature in the query, which a shared cache keys its copy on.)
   *   <li>Let through by a policy with an {@code IpAddress} condition, only the viewer's own
   *       browser too: a shared cache would hand its copy to anyone with the URL, from any
   *       address.
   * </ul>
   */
  private static void limitCaching(RoutingContext ctx, Verified verified) {
    boolean personal = verified.credentials().fromCookies()
        || verified.policy().sourceIp().isPresent();
    Instant notAfter = verified.policy().dateLessThan();
    ctx.addHeadersEndHandler(v -> {
      String control = ctx.response().headers().get("Cache-Control");
      if (control == null) {
        return;
      }
      String limited = personal && control.startsWith("public")
          ? "private" + control.substring(6) : control;
      Matcher maxAge = MAX_AGE.matcher(limited);
      if (maxAge.find()) {
        long left = Math.max(0, Duration.between(Instant.now(), notAfter).getSeconds());
        if (left < Long.parseLong(maxAge.group(1))) {
          limited = limited.substring(0, maxAge.start(1)) + left + limited.substring(maxAge.end(1));
        }
      }
      if (!limited.equals(control)) {
        ctx.response().putHeader("Cache-Control", limited);
      }
    });
  }

  /**
   * {@code /v1/media/} or {@code /v1/media/{something}}, with no encoding that could turn into a
   * slash: no media route serves it.
   */
  private static boolean namesNoFile(String rawPath) {
    return rawPath.indexOf('/', MEDIA_PREFIX.length()) < 0 && rawPath.indexOf('%') < 0;
  }

  private Verified verify(RoutingContext ctx, RequestQuery query, String base) {
    // A signature in the URL wins over cookies. Without one, parameters of the URL that happen
    // to share a name with the signing ones (an Expires of the application's own) do not hide
    // the cookies; with no cookies either, they are reported as an incomplete signature.
    boolean signedUrl = query.has(Credentials.SIGNATURE);
    Optional<Credentials> fromUrl = signedUrl ? Credentials.fromQuery(query) : Optional.empty();
    Credentials credentials = fromUrl
        .or(() -> Credentials.fromCookies(name -> cookie(ctx, name)))
        .or(() -> signedUrl ? Optional.empty() : Credentials.fromQuery(query))
        .orElseThrow(() -> new ApiException(ErrorCode.MISSING_SIGNATURE, "this media is "
            + "private: use a signed URL (Expires or Policy, Signature, Key-Pair-Id) or signed "
            + "cookies"));
    AccessVerifier checker = verifier.orElseThrow(() -> new ApiException(
        ErrorCode.UNKNOWN_KEY, "the Key-Pair-Id is not one this service accepts"));
    return checker.verify(credentials, requestUrls(ctx, query, base), clientAddress(ctx),
        Instant.now());
  }

  /**
   * The URL as the viewer addressed it, without the signing parameters; and, when it asks for
   * Reel's own {@code redirect=presigned}, without that too: a URL signed without it still
   * works with it added. Any other {@code redirect} is the application's parameter, signed like
   * any other. So too without a {@code CMCD} parameter: a player in CMCD query mode (hls.js,
   * dash.js) adds one to every URL it fetches, the signed master playlist's included, and that
   * telemetry, which the access log reads, grants nothing.
   */
  private static List<String> requestUrls(RoutingContext ctx, RequestQuery query, String base) {
    String url = base + ctx.request().path();
    List<String> urls = new ArrayList<>();
    urls.add(withQuery(url, query.without(Credentials.QUERY_PARAMETERS)));
    boolean presigned = query.first(REDIRECT).filter(PRESIGNED::equals).isPresent();
    boolean cmcd = query.has(Cmcd.QUERY_PARAMETER);
    if (presigned) {
      urls.add(withQuery(url, query.without(plus(REDIRECT))));
    }
    if (cmcd) {
      urls.add(withQuery(url, query.without(plus(Cmcd.QUERY_PARAMETER))));
    }
    if (presigned && cmcd) {
      urls.add(withQuery(url, query.without(plus(REDIRECT, Cmcd.QUERY_PARAMETER))));
    }
    return urls;
  }

  private static Set<String> plus(String... names) {
    Set<String> dropped = new HashSet<>(Credentials.QUERY_PARAMETERS);
    dropped.addAll(List.of(names));
    return dropped;
  }

  private static String withQuery(String url, String query) {
    return query.isEmpty() ? url : url + "?" + query;
  }

  private static String cookie(RoutingContext ctx, String name) {
    Cookie cookie = ctx.request().getCookie(name);
    return cookie == null ? null : cookie.getValue();
  }

  /**
   * The viewer's address, for an {@code IpAddress} condition: as the access log resolved it
   * (through the trusted proxies' {@code X-Forwarded-For}), else the connection's peer;
   * unspecified if unreadable.
   */
  private static InetAddress clientAddress(RoutingContext ctx) {
    String resolved = ctx.get(AccessFacts.CLIENT_IP);
    String host = resolved != null ? resolved : ctx.request().remoteAddress().hostAddress();
    int scope = host.indexOf('%');
    return IpRange.literal(scope < 0 ? host : host.substring(0, scope))
        .orElseGet(() -> IpRange.literal("::").orElseThrow());
  }

  /**
   * Only GETs of files players fetch as they are: a manifest served from S3 would send the
   * player to S3 for everything it names, unsigned. Nor a request let through by a policy with
   * an {@code IpAddress} condition: a presigned URL works from anywhere, so delivery serves it
   * itself.
   */
  private boolean redirects(RoutingContext ctx, PlaybackGrant grant) {
    return ctx.request().method() == HttpMethod.GET
        && (settings.redirectPresigned() || grant.presignedAsked())
        && ManifestRewriter.Kind.of(grant.path().fileName()).isEmpty()
        && grant.verified().flatMap(v -> v.policy().sourceIp()).isEmpty();
  }

  private void redirect(RoutingContext ctx, PlaybackGrant grant) {
    String key = grant.objectKey();
    ApiException notFound = grant.isSource()
        ? new ApiException(ErrorCode.ASSET_NOT_FOUND, "no asset " + grant.path().assetId())
        : new ApiException(ErrorCode.MEDIA_FILE_NOT_FOUND, "asset " + grant.path().assetId()
            + " has no file " + grant.path().file());
    // Whether it is there, not its bytes: the viewer gets those from S3.
    store.describeOnly(key)
        .recover(OriginFailures::storageUnavailable)
        // The presigned URL expires no later than the signature that let the viewer in.
        .compose(info -> info.isPresent()
            ? links.get(key, grant.verified().map(v -> v.policy().dateLessThan()))
            : Future.failedFuture(notFound))
        .onSuccess(url -> url.ifPresentOrElse(location -> ctx.response().setStatusCode(302)
            .putHeader("Location", location)
            .putHeader("Cache-Control", "no-store")
            .end(), ctx::next))
        .onFailure(ctx::fail);
  }
}
