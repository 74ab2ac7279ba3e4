package dev.reel.delivery.domain;

import java.time.Instant;

/**
 * The conditional header fields of a {@code GET} or {@code HEAD}, evaluated in the order RFC 9110
 * section 13.2.2 sets: {@code If-Match}, else {@code If-Unmodified-Since} (412 when it fails);
 * then {@code If-None-Match}, else {@code If-Modified-Since} (304 when it fails); and last
 * {@code If-Range}, which only decides whether a {@code Range} is honoured. Each field is the
 * raw header value, or null when absent.
 */
public record Preconditions(String ifMatch, String ifUnmodifiedSince, String ifNoneMatch,
    String ifModifiedSince, String ifRange) {

  /** What the conditions say about answering the request. */
  public enum Outcome {
    /** Answer normally. */
    PROCEED,
    /** 304: the client's copy is current. */
    NOT_MODIFIED,
    /** 412: the client's assumption about the current representation is wrong. */
    FAILED
  }

  public Outcome evaluate(String etag, Instant lastModified) {
    if (ifMatch != null) {
      if (!Validators.ifMatchHolds(ifMatch, etag)) {
        return Outcome.FAILED;
      }
    } else if (ifUnmodifiedSince != null
        && !Validators.unmodifiedSince(ifUnmodifiedSince, lastModified)) {
      return Outcome.FAILED;
    }
    return Validators.notModified(ifNoneMatch, ifModifiedSince, etag, lastModified)
        ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
  }

  /** Whether a {@code Range} may be honoured, once {@link #evaluate} said to proceed. */
  public boolean rangeApplies(String etag, Instant lastModified) {
    return Validators.rangeApplies(ifRange, etag, lastModified);
  }
}
