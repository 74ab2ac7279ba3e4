package dev.reel.ingest.http;

import dev.reel.common.event.UploadMode;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ApiKeyAuth;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.domain.UploadRequest;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/uploads} with {@code multipart/form-data}, as a browser form sends it: text
 * fields {@code filename}, {@code storageClass} and {@code tags} (they must come before the file:
 * a part after it fails the upload), then one file field whose bytes are streamed to S3 exactly
 * like a raw body. Other text fields are ignored.
 */
final class FormUploadHandler {

  /** Room for the form's boundaries and text fields around the file itself. */
  private static final long FORM_OVERHEAD = 64 * 1024;

  private final UploadHandler uploads;
  private final long maxUploadBytes;

  FormUploadHandler(UploadHandler uploads, long maxUploadBytes) {
    this.uploads = uploads;
    this.maxUploadBytes = maxUploadBytes;
  }

  static boolean isForm(HttpServerRequest request) {
    String type = request.getHeader("Content-Type");
    return type != null && type.toLowerCase().startsWith("multipart/form-data");
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String declared = request.getHeader("Content-Length");
    if (declared != null && declared.matches("[0-9]{1,19}")
        && Long.parseLong(declared) > maxUploadBytes + FORM_OVERHEAD) {
      ctx.fail(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
          "upload exceeds the maximum of " + maxUploadBytes + " bytes"));
      return;
    }
    String keyId = ctx.get(ApiKeyAuth.KEY_ID);
    Optional<String> idempotencyKey = UploadHandler.idempotencyKey(request);
    FormReader.read(request.getHeader("Content-Type"), request)
        .compose(file -> {
          try {
            return Future.succeededFuture(new Started(file, describe(file)));
          } catch (ApiException e) {
            // The rest of the body is not wanted: the error goes out, the connection closes.
            file.body().pause();
            return Future.failedFuture(e);
          }
        })
        .onSuccess(started -> uploads.store(ctx, started.file().body(), started.upload(), keyId,
            UploadMode.FORM, idempotencyKey))
        .onFailure(ctx::fail);
  }

  private record Started(FormReader.FilePart file, UploadRequest upload) {
  }

  /** The text fields came before the file; the file part brings its own name and type. */
  private static UploadRequest describe(FormReader.FilePart file) {
    Map<String, String> fields = file.fields();
    String filename = Optional.ofNullable(fields.get("filename"))
        .or(file::filename)
        .orElse(null);
    return new UploadRequest(
        UploadRequest.mediaType(file.contentType().orElse(null)),
        UploadRequest.filename(filename),
        Optional.empty(),
        UploadRequest.storageClass(fields.get("storageClass")),
        UploadRequest.tags(fields.get("tags")));
  }
}
