package dev.reel.common.http;

import java.util.Map;

/** A failure with a known code, answered as {@code {"code","message"}} with extra headers. */
public final class ApiException extends RuntimeException {

  private final ErrorCode code;
  private final Map<String, String> headers;

  public ApiException(ErrorCode code, String message) {
    this(code, message, Map.of(), null);
  }

  public ApiException(ErrorCode code, String message, Map<String, String> headers) {
    this(code, message, headers, null);
  }

  public ApiException(ErrorCode code, String message, Throwable cause) {
    this(code, message, Map.of(), cause);
  }

  private ApiException(ErrorCode code, String message, Map<String, String> headers,
      Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  public ErrorCode code() {
    return code;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
