package dev.reel.ingest.presigned;

import java.util.ArrayList;
import java.util.List;

/**
 * How an upload of a known size goes to S3: one presigned PUT, or an S3 multipart upload with
 * one presigned URL per part. Pure arithmetic, no I/O.
 *
 * @param partSize the size of every part but the last (which may be smaller); for a single PUT,
 *     the whole size
 * @param parts the byte ranges of a multipart upload, numbered from 1; empty for a single PUT
 */
public record PresignedPlan(long size, boolean multipart, long partSize, List<Part> parts) {

  public static final long MIB = 1024 * 1024;
  /** Big enough that S3's 5 MiB minimum never bites and request overhead stays small. */
  public static final long MIN_PART_SIZE = 8 * MIB;
  /** S3's limit on parts per multipart upload. */
  public static final int MAX_PARTS = 10_000;
  /** S3's limit on the size of one object. */
  public static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * MIB;

  /** One part: its number (from 1) and the bytes of the upload it carries. */
  public record Part(int partNumber, long offset, long size) {
  }

  public PresignedPlan {
    parts = List.copyOf(parts);
  }

  /** A single PUT up to {@code multipartThreshold} bytes, multipart above it. */
  public static PresignedPlan of(long size, long multipartThreshold) {
    checkSize(size);
    if (size <= multipartThreshold) {
      return new PresignedPlan(size, false, size, List.of());
    }
    return multipart(size, partSizeFor(size));
  }

  /** The multipart plan of {@code size} bytes in parts of {@code partSize}, e.g. as stored. */
  public static PresignedPlan multipart(long size, long partSize) {
    checkSize(size);
    if (partSize <= 0 || ceilDiv(size, partSize) > MAX_PARTS) {
      throw new IllegalArgumentException("a part size of " + partSize + " cannot carry " + size
          + " bytes in at most " + MAX_PARTS + " parts");
    }
    List<Part> parts = new ArrayList<>();
    for (long offset = 0; offset < size; offset += partSize) {
      parts.add(new Part(parts.size() + 1, offset, Math.min(partSize, size - offset)));
    }
    return new PresignedPlan(size, true, partSize, parts);
  }

  /**
   * At least {@link #MIN_PART_SIZE}, and large enough that {@link #MAX_PARTS} parts carry the
   * whole upload; rounded up to a whole MiB so the numbers stay readable.
   */
  static long partSizeFor(long size) {
    long needed = Math.max(MIN_PART_SIZE, ceilDiv(size, MAX_PARTS));
    return ceilDiv(needed, MIB) * MIB;
  }

  public int partCount() {
    return parts.size();
  }

  private static void checkSize(long size) {
    if (size <= 0 || size > MAX_OBJECT_SIZE) {
      throw new IllegalArgumentException("size must be 1 to " + MAX_OBJECT_SIZE + " bytes, was "
          + size);
    }
  }

  private static long ceilDiv(long dividend, long divisor) {
    return (dividend + divisor - 1) / divisor;
  }
}
