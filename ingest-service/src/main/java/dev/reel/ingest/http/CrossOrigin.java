package dev.reel.ingest.http;

import dev.reel.common.http.CorsHandler;
import dev.reel.common.http.CorsOrigins;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * CORS for browser upload clients (tus-js-client, Uppy, a form, a page driving a presigned
 * upload): what ingest allows and exposes, applied by the shared {@link CorsHandler} before the
 * API key check.
 */
public final class CrossOrigin implements Handler<RoutingContext> {

  /** Everything a Reel upload client sends; X-Reel-* headers are allowed as asked for. */
  static final List<String> ALLOWED_HEADERS = List.of("Authorization", "Content-Type",
      "Tus-Resumable", "Upload-Length", "Upload-Defer-Length", "Upload-Metadata", "Upload-Offset",
      "Upload-Checksum", "Upload-Concat", "Idempotency-Key", "Content-Digest", "Content-MD5",
      "X-HTTP-Method-Override", "X-Requested-With", "X-Reel-Filename", "X-Reel-Storage-Class",
      "X-Reel-Tags");
  static final List<String> ALLOWED_METHODS = List.of("GET", "HEAD", "POST", "PATCH", "DELETE",
      "OPTIONS");
  /** Response headers page script may read: tus needs Location and Upload-Offset at least. */
  static final List<String> EXPOSED_HEADERS = List.of("Location", "Upload-Offset",
      "Upload-Length", "Upload-Expires", "Upload-Metadata", "Upload-Defer-Length",
      "Upload-Concat", "Tus-Resumable", "Tus-Version", "Tus-Extension", "Tus-Max-Size",
      "Tus-Checksum-Algorithm", "ETag", "Idempotent-Replayed", "WWW-Authenticate");
  /** The API may grow new X-Reel-* headers: a browser must not be locked out by a stale list. */
  static final CorsHandler.Policy POLICY = new CorsHandler.Policy(ALLOWED_METHODS,
      ALLOWED_HEADERS, EXPOSED_HEADERS, name -> name.startsWith("x-reel-"));

  private final CorsHandler handler;

  public CrossOrigin(CorsOrigins origins) {
    this.handler = new CorsHandler(origins, POLICY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    handler.handle(ctx);
  }

  /** What a preflight asking for {@code requested} is allowed. */
  static String allowedHeaders(String requested) {
    return POLICY.allowedHeadersFor(requested);
  }
}
