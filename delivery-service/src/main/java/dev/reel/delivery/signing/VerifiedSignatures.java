package dev.reel.delivery.signing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signatures already found good, with the policy each vouches for, so that the RSA check runs
 * once per signed URL or cookie rather than once per request: a player asks for many ranges and
 * segments with the same one, and the check was the largest single cost of a small range.
 *
 * <p>An entry is everything the check read (key id, hash, signature as sent and the whole
 * signed message), so a hit is the same check with the same answer. The key ring does not
 * change while the service runs, so an entry cannot outlive its key. What the policy then says
 * about the request (its expiry, start, IP range and resource) is still checked on every
 * request. Only successes are kept: a forged signature costs its sender a check every time,
 * and cannot push good entries out. Least recently used first out; safe across threads.
 */
final class VerifiedSignatures {

  /** What was checked: equal only when every part is. */
  record Signed(String keyPairId, HashAlgorithm algorithm, String signature, String message) {
  }

  private final Map<Signed, Policy> entries;

  VerifiedSignatures(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Signed, Policy> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized Optional<Policy> find(Signed signed) {
    return Optional.ofNullable(entries.get(signed));
  }

  synchronized void remember(Signed signed, Policy policy) {
    entries.put(signed, policy);
  }

  synchronized int size() {
    return entries.size();
  }
}
