package dev.reel.ingest.http;

import dev.reel.common.event.UploadMode;
import dev.reel.common.http.ApiException;
import dev.reel.common.http.ApiKeyAuth;
import dev.reel.common.http.ErrorCode;
import dev.reel.ingest.domain.UploadRequest;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code POST /v1/uploads} with {@code multipart/form-data}, as a browser form sends it: text
 * fields {@code filename}, {@code storageClass} and {@code tags} (they must come before the file),
 * then one file field whose bytes are streamed to S3 exactly like a raw body.
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
    boolean[] fileSeen = {false};
    request.setExpectMultipart(true);
    request.uploadHandler(file -> {
      if (fileSeen[0]) {
        file.pause();
        ctx.fail(new ApiException(ErrorCode.BAD_REQUEST, "send one file per upload"));
        return;
      }
      fileSeen[0] = true;
      UploadRequest upload;
      try {
        upload = describe(request, file);
      } catch (ApiException e) {
        ctx.fail(e);
        return;
      }
      uploads.store(ctx, file, upload, keyId, UploadMode.FORM, idempotencyKey);
    });
    request.endHandler(v -> {
      if (!fileSeen[0] && !ctx.response().ended() && !ctx.failed()) {
        ctx.fail(new ApiException(ErrorCode.EMPTY_BODY,
            "the form has no file field: add one with the media"));
      }
    });
    request.exceptionHandler(e -> {
      if (!ctx.response().ended() && !ctx.failed()) {
        ctx.fail(new ApiException(ErrorCode.BAD_REQUEST, "malformed multipart body"));
      }
    });
    request.resume();
  }

  /** The form's text fields arrive before the file; the file part brings its own type. */
  private UploadRequest describe(HttpServerRequest request, HttpServerFileUpload file) {
    String filename = Optional.ofNullable(request.getFormAttribute("filename"))
        .orElse(file.filename());
    return new UploadRequest(
        UploadRequest.mediaType(file.contentType()),
        UploadRequest.filename(filename),
        Optional.empty(),
        UploadRequest.storageClass(request.getFormAttribute("storageClass")),
        UploadRequest.tags(request.getFormAttribute("tags")));
  }
}
