package dev.reel.delivery.http;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.delivery.domain.ByteRange;
import dev.reel.delivery.domain.MediaFileType;
import dev.reel.delivery.signing.ManifestRewriter;
import dev.reel.delivery.signing.Policy;
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

/**
 * One signed manifest URL plays a whole asset: when a signed URL (or a canned-policy cookie)
 * let an HLS playlist, a DASH MPD or a WebVTT thumbnail track through, the file is read whole
 * and every relative URI in it gets a signature that covers every file of the asset, until the
 * same expiry and from the same addresses, so players that send no cookies (Safari, players on
 * another domain) can fetch variant playlists, segments and thumbnails.
 *
 * <p>That signature is a custom policy for {@code {base}/v1/media/{assetId}/*} signed with
 * delivery's key; a request that already carries exactly that policy passes it on unchanged.
 * A viewer with a custom-policy cookie gets the manifest as stored: the cookie goes with every
 * request. Everything else goes on to the plain file handler.
 *
 * <p>The rewritten bytes are answered by {@link ObjectResponder} as a stored object of their
 * own, so conditionals, ranges, codings and HEAD work exactly as for any file.
 */
final class SignedManifests {

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
    Optional<String> query = kind.flatMap(k -> grant.verified().flatMap(v -> tokenFor(grant, v)));
    if (query.isEmpty()) {
      otherwise.handle(ctx);
      return;
    }
    String token = grant.presignedAsked()
        ? query.get() + "&" + PlaybackAccess.REDIRECT + "=" + PlaybackAccess.PRESIGNED
        : query.get();
    store.describe(grant.objectKey())
        .recover(OriginFailures::storageUnavailable)
        .compose(info -> info.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
            new ApiException(ErrorCode.MEDIA_FILE_NOT_FOUND, "asset " + grant.path().assetId()
                + " has no file " + grant.path().file()))))
        .compose(info -> respond(ctx, grant, kind.get(), token, info))
        .onFailure(ctx::fail);
  }

  /** The query to add to the URIs in the manifest, or empty to serve it as stored. */
  private Optional<String> tokenFor(PlaybackGrant grant, Verified verified) {
    if (verified.credentials().fromCookies() && !verified.credentials().canned()) {
      return Optional.empty();
    }
    String assetPattern = UrlSigner.assetPattern(grant.publicBase(), grant.path().assetId());
    boolean alreadyAssetWide = !verified.credentials().fromCookies()
        && verified.policy().resource().map(r -> r.pattern().equals(assetPattern)).orElse(false);
    if (alreadyAssetWide) {
      return Optional.of(verified.credentials().toQuery());
    }
    if (signer.isPresent()) {
      Policy scope = UrlSigner.assetScope(grant.publicBase(), grant.path().assetId(),
          verified.policy());
      return Optional.of(signer.get().customQuery(scope));
    }
    // Without a key of its own, delivery can only pass on a custom policy from the URL (it may
    // well cover the files the manifest names); a canned one is for this one URL alone.
    return verified.credentials().canned() || verified.credentials().fromCookies()
        ? Optional.empty() : Optional.of(verified.credentials().toQuery());
  }

  /**
   * Reads and rewrites the stored manifest, then answers the rewritten bytes as if they were
   * stored: conditionals, ranges, codings and HEAD all behave as for any other file.
   */
  private Future<Void> respond(RoutingContext ctx, PlaybackGrant grant,
      ManifestRewriter.Kind kind, String token, ObjectInfo stored) {
    if (stored.length() > MAX_MANIFEST_BYTES) {
      return Future.failedFuture(new IllegalStateException("asset " + grant.path().assetId()
          + ": " + grant.path().file() + " is " + stored.length() + " bytes, too large to sign"));
    }
    MediaFileType type = MediaFileType.of(grant.path().fileName());
    return read(ctx, grant.objectKey(), stored.length()).compose(read -> {
      Buffer rewritten = Buffer.buffer(ManifestRewriter.rewrite(kind,
          read.toString(StandardCharsets.UTF_8), token).getBytes(StandardCharsets.UTF_8));
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
