package dev.reel.delivery.domain;

/** An inclusive byte range {@code first..last} of a representation of {@code completeLength}. */
public record ByteRange(long first, long last, long completeLength) {

  public ByteRange {
    if (first < 0 || last < first || last >= completeLength) {
      throw new IllegalArgumentException(
          "not a range of a " + completeLength + "-byte body: " + first + "-" + last);
    }
  }

  public static ByteRange whole(long completeLength) {
    return new ByteRange(0, completeLength - 1, completeLength);
  }

  public long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value of a 206 answer. */
  public String contentRange() {
    return "bytes " + first + "-" + last + "/" + completeLength;
  }

  /** The {@code Range} value to ask the origin for exactly these bytes. */
  public String rangeHeader() {
    return "bytes=" + first + "-" + last;
  }
}
