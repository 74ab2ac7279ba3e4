package dev.reel.ingest.domain;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;

/**
 * Decides the content type an upload is stored under from its first bytes: a client may leave
 * the type open ({@code application/octet-stream}) and get the sniffed one, but a declared type
 * that contradicts the bytes is refused, as is anything that is not a supported media format.
 */
public final class MediaTypeCheck {

  public static final String SUPPORTED = "MP4/MOV, MKV/WebM, MPEG-TS, MP3, WAV, AAC, JPEG, PNG";
  /**
   * What curl and many HTTP libraries send for a body when told nothing: a default, not a claim
   * about the bytes, so it is treated like no type at all.
   */
  static final String CURL_DEFAULT = "application/x-www-form-urlencoded";

  private MediaTypeCheck() {
  }

  public static String storedContentType(String declared, byte[] head) {
    MediaFormat format = MediaSniffer.sniff(head).orElseThrow(() -> new ApiException(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        "the content is not a supported media format (" + SUPPORTED + ")"));
    if (declared.equals(UploadRequest.DEFAULT_CONTENT_TYPE) || declared.equals(CURL_DEFAULT)) {
      return format.contentType();
    }
    if (!format.matchesDeclared(declared)) {
      throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type says " + declared
          + " but the content is " + format.contentType());
    }
    return declared;
  }
}
