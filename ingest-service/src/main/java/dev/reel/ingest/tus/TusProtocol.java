package dev.reel.ingest.tus;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import dev.reel.common.http.HttpDate;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import java.util.Locale;
import java.util.Optional;

/** The tus 1.0 header names and values, and the small parsing every handler shares. */
final class TusProtocol {

  static final String VERSION = "1.0.0";
  static final String TUS_RESUMABLE = "Tus-Resumable";
  static final String TUS_VERSION = "Tus-Version";
  static final String TUS_EXTENSION = "Tus-Extension";
  static final String TUS_MAX_SIZE = "Tus-Max-Size";
  static final String TUS_CHECKSUM_ALGORITHM = "Tus-Checksum-Algorithm";
  static final String EXTENSIONS =
      "creation,creation-with-upload,termination,checksum,expiration";
  static final String UPLOAD_OFFSET = "Upload-Offset";
  static final String UPLOAD_LENGTH = "Upload-Length";
  static final String UPLOAD_EXPIRES = "Upload-Expires";
  static final String UPLOAD_DEFER_LENGTH = "Upload-Defer-Length";
  static final String UPLOAD_CONCAT = "Upload-Concat";
  static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";
  static final String OFFSET_STREAM = "application/offset+octet-stream";

  private TusProtocol() {
  }

  /** A non-negative decimal header value; a 400 naming the header otherwise. */
  static long nonNegative(String header, String value) {
    if (value == null) {
      throw new ApiException(ErrorCode.BAD_REQUEST, header + " is required");
    }
    String digits = value.trim();
    if (!digits.matches("[0-9]{1,19}")) {
      throw new ApiException(ErrorCode.BAD_REQUEST, header + " is not a non-negative number");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new ApiException(ErrorCode.BAD_REQUEST, header + " is too large");
    }
  }

  static Optional<Long> contentLength(HttpServerRequest request) {
    String header = request.getHeader("Content-Length");
    return header == null ? Optional.empty()
        : Optional.of(nonNegative("Content-Length", header));
  }

  /** Whether bytes follow the headers: a positive Content-Length, or a chunked body. */
  static boolean hasBody(HttpServerRequest request) {
    String encoding = request.getHeader("Transfer-Encoding");
    return contentLength(request).map(length -> length > 0)
        .orElse(encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked"));
  }

  static boolean isOffsetStream(HttpServerRequest request) {
    String type = request.getHeader("Content-Type");
    return type != null
        && type.split(";", 2)[0].trim().equalsIgnoreCase(OFFSET_STREAM);
  }

  /** The upload's absolute URL, as the client addressed this server. */
  static String location(HttpServerRequest request, String assetId) {
    HostAndPort authority = request.authority();
    String host;
    if (authority == null) {
      host = request.localAddress().hostAddress() + ":" + request.localAddress().port();
    } else {
      String name = authority.host().contains(":") && !authority.host().startsWith("[")
          ? "[" + authority.host() + "]" : authority.host();
      host = authority.port() >= 0 ? name + ":" + authority.port() : name;
    }
    return request.scheme() + "://" + host + "/v1/tus/" + assetId;
  }

  static void offsetHeaders(HttpServerResponse response, TusUpload upload) {
    response.putHeader(UPLOAD_OFFSET, String.valueOf(upload.offset()));
    if (!upload.allBytesStored()) {
      response.putHeader(UPLOAD_EXPIRES, HttpDate.format(upload.expiresAt()));
    }
  }
}
