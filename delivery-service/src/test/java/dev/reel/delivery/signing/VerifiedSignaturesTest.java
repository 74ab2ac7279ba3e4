package dev.reel.delivery.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VerifiedSignaturesTest {

  private static final Policy POLICY = new Policy(Optional.empty(),
      Instant.parse("2030-01-01T00:00:00Z"), Optional.empty(), Optional.empty());

  private static VerifiedSignatures.Signed signed(String signature, String message) {
    return new VerifiedSignatures.Signed("K1", HashAlgorithm.SHA1, signature, message);
  }

  @Test
  @DisplayName("an entry matches only when key id, hash, signature and message all do")
  void everyPartCounts() {
    VerifiedSignatures memory = new VerifiedSignatures(8);
    memory.remember(signed("sig", "message"), POLICY);

    assertEquals(Optional.of(POLICY), memory.find(signed("sig", "message")));
    assertTrue(memory.find(signed("sig", "messagE")).isEmpty());
    assertTrue(memory.find(signed("siG", "message")).isEmpty());
    assertTrue(memory.find(new VerifiedSignatures.Signed("K2", HashAlgorithm.SHA1, "sig",
        "message")).isEmpty());
    assertTrue(memory.find(new VerifiedSignatures.Signed("K1", HashAlgorithm.SHA256, "sig",
        "message")).isEmpty());
    // No joining of parts: moving text from the signature to the message is another entry.
    assertTrue(memory.find(signed("si", "gmessage")).isEmpty());
  }

  @Test
  @DisplayName("it keeps at most its capacity, forgetting the least recently used first")
  void bounded() {
    VerifiedSignatures memory = new VerifiedSignatures(2);
    memory.remember(signed("a", "m"), POLICY);
    memory.remember(signed("b", "m"), POLICY);
    memory.find(signed("a", "m"));
    memory.remember(signed("c", "m"), POLICY);

    assertEquals(2, memory.size());
    assertTrue(memory.find(signed("a", "m")).isPresent());
    assertTrue(memory.find(signed("b", "m")).isEmpty());
    assertTrue(memory.find(signed("c", "m")).isPresent());
  }
}
