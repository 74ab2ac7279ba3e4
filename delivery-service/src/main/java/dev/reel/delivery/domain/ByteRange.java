package dev.reel.delivery.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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

  /** The {@code Content-Range} value of a 206 answer (or of one part of a multipart answer). */
  public String contentRange() {
    return "bytes " + first + "-" + last + "/" + completeLength;
  }

  /** The {@code Range} value to ask the origin for exactly these bytes. */
  public String rangeHeader() {
    return "bytes=" + first + "-" + last;
  }

  /**
   * The same bytes as {@code ranges}, with every group of ranges that overlap or touch merged
   * into one, so that no byte is listed twice. The merged ranges keep the order of the request
   * (RFC 9110 section 14.6 asks for the parts in the order the ranges were listed): each one
   * stands where the first-listed of the ranges it absorbed stood.
   */
  public static List<ByteRange> coalesce(List<ByteRange> ranges) {
    List<Integer> byStart = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      byStart.add(i);
    }
    byStart.sort(Comparator.comparingLong(i -> ranges.get(i).first()));
    List<Merged> merged = new ArrayList<>();
    for (int index : byStart) {
      ByteRange range = ranges.get(index);
      Merged current = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      // Touching counts: bytes 0-9 and 10-19 are one range, 0-19, with no part boundary.
      if (current != null && range.first() <= current.last + 1) {
        current.last = Math.max(current.last, range.last());
        current.listedAt = Math.min(current.listedAt, index);
      } else {
        merged.add(new Merged(range.first(), range.last(), index));
      }
    }
    merged.sort(Comparator.comparingInt(m -> m.listedAt));
    long length = ranges.isEmpty() ? 0 : ranges.get(0).completeLength();
    return merged.stream().map(m -> new ByteRange(m.first, m.last, length)).toList();
  }

  private static final class Merged {
    final long first;
    long last;
    int listedAt;

    Merged(long first, long last, int listedAt) {
      this.first = first;
      this.last = last;
      this.listedAt = listedAt;
    }
  }
}
