package dev.reel.ingest.tus;

/**
 * The S3 part size of a tus upload, fixed at creation from its declared length: the smallest
 * whole number of MiB, and at least S3's 5 MiB minimum, such that the whole upload fits in S3's
 * 10,000 parts. Smaller parts keep memory low and make more of an interrupted PATCH durable;
 * the part count bounds how small they can be.
 */
public final class PartSizing {

  public static final long MIB = 1024 * 1024;
  /** S3 refuses parts under 5 MiB, except the last. */
  public static final long MIN_PART_SIZE = 5 * MIB;
  /** S3's limit on the parts of one multipart upload. */
  public static final int MAX_PARTS = 10_000;
  /** S3's limit on the size of one object: 5 TiB. */
  public static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * MIB;

  private PartSizing() {
  }

  /** The part size for an upload of {@code length} bytes (1 to {@link #MAX_OBJECT_SIZE}). */
  public static int partSize(long length) {
    if (length <= 0 || length > MAX_OBJECT_SIZE) {
      throw new IllegalArgumentException("an upload is 1 to " + MAX_OBJECT_SIZE + " bytes, not "
          + length);
    }
    long perPart = ceilDiv(length, MAX_PARTS);
    long wholeMib = ceilDiv(perPart, MIB) * MIB;
    return (int) Math.max(MIN_PART_SIZE, wholeMib);
  }

  /** How many parts an upload of {@code length} bytes takes with parts of {@code partSize}. */
  public static long partCount(long length, long partSize) {
    return ceilDiv(length, partSize);
  }

  private static long ceilDiv(long dividend, long divisor) {
    return (dividend + divisor - 1) / divisor;
  }
}
