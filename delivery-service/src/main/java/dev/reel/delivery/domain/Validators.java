package dev.reel.delivery.domain;

import dev.reel.common.http.HttpDate;
import java.time.Instant;

/** HTTP validators (RFC 9110 section 8.8) and the {@code If-Range} decision built on them. */
public final class Validators {

  private Validators() {
  }

  /**
   * Whether a {@code GET} or {@code HEAD} is answered 304 Not Modified (RFC 9110 section 13.2.2):
   * when {@code If-None-Match} names the current ETag (weak comparison, or {@code *}), or, only
   * without {@code If-None-Match}, when the object has not changed since {@code
   * If-Modified-Since}. A player revalidating a playlist then gets no body back.
   */
  public static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag,
      Instant lastModified) {
    if (ifNoneMatch != null) {
      // '*' is false, so 304, whenever the object exists: with or without an ETag.
      return matchesAny(ifNoneMatch, etag);
    }
    if (ifModifiedSince == null || lastModified == null) {
      return false;
    }
    return HttpDate.parse(ifModifiedSince)
        .map(since -> lastModified.getEpochSecond() <= since.getEpochSecond())
        .orElse(false);
  }

  /**
   * Whether {@code If-Match} holds (RFC 9110 section 13.1.1): {@code *} while the object exists
   * (it does, or there would be nothing to compare), or one listed tag equal to the current ETag
   * under strong comparison: neither weak, the same characters.
   */
  public static boolean ifMatchHolds(String ifMatch, String etag) {
    for (String candidate : ifMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*")) {
        return true;
      }
      if (etag != null && !etag.startsWith("W/") && !tag.startsWith("W/") && tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code If-Unmodified-Since} holds (RFC 9110 section 13.1.4): the object has not
   * changed after the date. A date that does not parse, or an object without a modification
   * date, makes the header void: it holds.
   */
  public static boolean unmodifiedSince(String ifUnmodifiedSince, Instant lastModified) {
    if (lastModified == null) {
      return true;
    }
    return HttpDate.parse(ifUnmodifiedSince)
        .map(since -> lastModified.getEpochSecond() <= since.getEpochSecond())
        .orElse(true);
  }

  private static boolean matchesAny(String ifNoneMatch, String etag) {
    String current = etag == null ? null : opaque(etag);
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || (current != null && opaque(tag).equals(current))) {
        return true;
      }
    }
    return false;
  }

  /** The quoted part of an entity tag, without a weakness prefix, for weak comparison. */
  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  /**
   * Whether a Range may be honoured under {@code If-Range} (RFC 9110 section 13.1.5): when the
   * header is absent, or names exactly the current representation: the same strong ETag, or a
   * date equal to Last-Modified. A weak ETag never matches. Otherwise the whole body is sent, so
   * a resumed download never splices two versions.
   */
  public static boolean rangeApplies(String ifRange, String etag, Instant lastModified) {
    if (ifRange == null) {
      return true;
    }
    String value = ifRange.trim();
    if (value.startsWith("\"") || value.startsWith("W/")) {
      return etag != null && !value.startsWith("W/") && !etag.startsWith("W/")
          && value.equals(etag);
    }
    if (lastModified == null) {
      return false;
    }
    return HttpDate.parse(value)
        .map(date -> date.getEpochSecond() == lastModified.getEpochSecond())
        .orElse(false);
  }
}
