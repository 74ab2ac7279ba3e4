package dev.reel.delivery.http;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.domain.MediaFileType;
import dev.reel.delivery.signing.Credentials;
import dev.reel.delivery.signing.ManifestRewriter;
import dev.reel.delivery.signing.UrlSigner;
import dev.reel.delivery.signing.Verified;
import dev.reel.delivery.storage.MediaStore;
import dev.reel.delivery.storage.ObjectInfo;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signed manifest URL plays what the manifest names: when a signed URL (or a canned-policy
 * cookie) let an HLS playlist, a DASH MPD or a WebVTT thumbnail track through, the file is read
 * whole and every relative URI in it gets a signature, until the same expiry and from the same
 * addresses, so players that send no cookies (Safari, players on another domain) can fetch
 * variant playlists, segments and thumbnails.
 *
 * <p>What that signature covers never goes beyond what the viewer was given:
 *
 * <ul>
 *   <li>A custom policy with a wildcard {@code Resource} (in the URL) is passed on unchanged:
 *       whoever signed it chose what it covers, and the files it does not cover stay refused.
 *   <li>A signature for this one URL (a canned policy, or a custom one whose {@code Resource}
 *       is this URL alone, its query string included) is for playing this manifest, so the
 *       URIs get a custom policy of delivery's own for the directory that holds every file the
 *       manifest names: {@code .../cmaf/*} for a master playlist or an MPD, {@code
 *       .../cmaf/720p/*} for a variant playlist, {@code .../thumbs/*} for the storyboard.
 *       Never the original, which no manifest names. A manifest whose names could lead
 *       elsewhere ({@code ..}, an absolute path) gets the asset's folder, {@code
 *       {base}/v1/media/{assetId}/*}.
 * </ul>
 *
 * <p>A viewer with a custom-policy cookie gets the manifest as stored: the cookie goes with every
 * request. Everything else goes on to the plain file handler.
 *
 * <p>The rewritten bytes are answered by {@link ObjectResponder} as a stored object of their
 * own, so conditionals, ranges, codings and HEAD work exactly as for any file.
 */
final class SignedManifests {

  private static final Logger LOG = LoggerFactory.getLogger(SignedManifests.class);
  /** Far more than any playlist of a real asset; a larger object is not read into memory. */
  private static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

  private final MediaStore store;
  private final Optional<UrlSigner> signer;

  SignedManifests(MediaStore store, Optional<UrlSigner> signer) {
    this.store = store;
    this.signer = signer;
  }

  void handle(RoutingContext ctx, PlaybackGrant grant, Handler<RoutingContext> otherwise) {
    Optional<ManifestRewriter.Kind> kind = grant.isSource() ? Optional.empty()
        : ManifestRewriter.Kind.of(grant.path().fileName());
    Optional<Function<String, String>> token =
        kind.flatMap(k -> grant.verified().flatMap(this::tokenFor));
    if (token.isEmpty()) {
      otherwise.handle(ctx);
      return;
    }
    store.describe(grant.objectKey())
        .recover(OriginFailures::storageUnavailable)
        .compose(info -> info.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
            new ApiException(ErrorCode.MEDIA_FILE_NOT_FOUND, "asset " + grant.path().assetId()
                + " has no file " + grant.path().file()))))
        .compose(info -> {
          if (info.length() > MAX_MANIFEST_BYTES) {
            // Served as stored: files it names that need a signature are refused, each saying
            // so, where refusing the manifest would have stopped a player that has cookies.
            LOG.warn("asset {}: {} is {} bytes, more than a manifest is read to be signed ({}); "
                + "served as stored", grant.path().assetId(), grant.path().file(), info.length(),
                MAX_MANIFEST_BYTES);
            otherwise.handle(ctx);
            return Future.succeededFuture();
          }
          return respond(ctx, grant, kind.get(), token.get(), info);
        })
        .onFailure(ctx::fail);
  }

  /**
   * The query to add to the URIs in the manifest, given the URL of the directory that holds what
   * it names; empty to serve the manifest as stored.
   */
  private Optional<Function<String, String>> tokenFor(Verified verified) {
    Credentials credentials = verified.credentials();
    if (credentials.fromCookies() && !credentials.canned()) {
      return Optional.empty();
    }
    if (!verified.thisUrlAlone()) {
      // A custom policy with a wildcard, or none (which covers everything), from the URL.
      return Optional.of(directory -> credentials.toQuery());
    }
    // Without a key of its own, delivery cannot sign for the files a manifest names.
    return signer.map(key -> directory -> key.customQuery(
        UrlSigner.directoryScope(directory, verified.policy())));
  }

  /**
   * Reads and rewrites the stored manifest, then answers the rewritten bytes as if they were
   * stored: conditionals, ranges, codings and HEAD all behave as for any other file.
   */
  private Future<Void> respond(RoutingContext ctx, PlaybackGrant grant,
      ManifestRewriter.Kind kind, Function<String, String> tokenFor, ObjectInfo stored) {
    MediaFileType type = MediaFileType.of(grant.path().fileName());
    return read(ctx, grant.objectKey(), stored.length()).compose(read -> {
      String text = read.toString(StandardCharsets.UTF_8);
      String query = tokenFor.apply(namedDirectoryUrl(grant, kind, text));
      String token = grant.presignedAsked()
          ? query + "&" + PlaybackAccess.REDIRECT + "=" + PlaybackAccess.PRESIGNED : query;
      Buffer rewritten = Buffer.buffer(ManifestRewriter.rewrite(kind, text, token)
          .getBytes(StandardCharsets.UTF_8));
      // The body depends on the stored file and on the token, which is the same for the same
      // signed URL: so is this tag, and a player revalidating its playlist gets its 304.
      String signedTag = stored.etag() == null ? null : etag(stored.etag(), token);
      ObjectInfo info = new ObjectInfo(rewritten.length(), signedTag, stored.contentType(),
          stored.lastModified());
      MediaStore manifest = new RewrittenManifest(ctx.vertx(), grant.objectKey(), info,
          rewritten);
      // A rewritten manifest carries the viewer's token: no shared cache may keep it.
      return new ObjectResponder(manifest).respond(ctx, new ObjectResponder.Target(
          grant.objectKey(), type.contentType().orElse(null), "private, no-cache", true,
          new ApiException(ErrorCode.MEDIA_FILE_NOT_FOUND, "asset " + grant.path().assetId()
              + " has no file " + grant.path().file())));
    });
  }

  /**
   * The URL of the directory that holds every file the manifest names, ending in {@code /}: the
   * asset's folder when a name could lead out of the manifest's own directory.
   */
  private static String namedDirectoryUrl(PlaybackGrant grant, ManifestRewriter.Kind kind,
      String text) {
    String assetFolder = grant.publicBase() + "/v1/media/" + grant.path().assetId() + "/";
    String file = grant.path().file();
    return ManifestRewriter.namedDirectory(kind, text)
        .map(named -> assetFolder + file.substring(0, file.lastIndexOf('/') + 1) + named)
        .orElse(assetFolder);
  }

  /** The stored manifest, read whole; the access log learns whether the edge cache had it. */
  private Future<Buffer> read(RoutingContext ctx, String key, long length) {
    if (length == 0) {
      return Future.succeededFuture(Buffer.buffer());
    }
    return store.open(key, ByteRange.whole(length))
        .onSuccess(body -> AccessFacts.bodyOpened(ctx, body))
        .recover(OriginFailures::storageUnavailable)
        .compose(body -> ObjectResponder.readAll(body, length)
            .recover(OriginFailures::storageUnavailable));
  }

  private static String etag(String storedEtag, String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(storedEtag.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) '\n');
      digest.update(token.getBytes(StandardCharsets.UTF_8));
      return "\"signed-" + HexFormat.of().formatHex(digest.digest(), 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
