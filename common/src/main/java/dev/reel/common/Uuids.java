package dev.reel.common;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for names that must not collide but need not be unguessable: request
 * ids, temporary file names. {@link UUID#randomUUID()} draws from one shared
 * {@code SecureRandom}, a lock and, every few calls, a read of {@code /dev/urandom}; on a
 * request path that is a system call in every sixteen requests and a lock every viewer takes.
 * These come from the calling thread's own generator (seeded once per thread from a secure
 * source): the same 122 random bits, so the same odds against a collision, and nothing shared.
 * Not for anything that grants access: use {@code SecureRandom} for secrets.
 */
public final class Uuids {

  private static final long VERSION_MASK = 0xF000L;
  private static final long VERSION_4 = 0x4000L;
  private static final long VARIANT_MASK = 0x3FFFFFFFFFFFFFFFL;
  private static final long VARIANT_IETF = 0x8000000000000000L;

  private Uuids() {
  }

  /** A version 4, IETF variant UUID from the calling thread's generator. */
  public static UUID random() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~VERSION_MASK) | VERSION_4;
    long low = (random.nextLong() & VARIANT_MASK) | VARIANT_IETF;
    return new UUID(high, low);
  }
}
