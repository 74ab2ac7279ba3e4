package dev.reel.ingest.tus;

import dev.reel.common.http.ApiException;
import dev.reel.common.http.ErrorCode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tus checksum extension's {@code Upload-Checksum: <algorithm> <base64 digest>}: the digest
 * of one request's body, which is kept only if it matches.
 */
public final class UploadChecksum {

  public static final String HEADER = "Upload-Checksum";
  /** In the order {@code Tus-Checksum-Algorithm} lists them. */
  public static final List<String> ALGORITHMS = List.of("sha1", "sha256");
  private static final Map<String, String> JCA_NAMES = Map.of("sha1", "SHA-1", "sha256",
      "SHA-256");
  private static final Map<String, Integer> DIGEST_LENGTHS = Map.of("sha1", 20, "sha256", 32);

  private final String algorithm;
  private final byte[] expected;

  private UploadChecksum(String algorithm, byte[] expected) {
    this.algorithm = algorithm;
    this.expected = expected;
  }

  /** Empty without a header; a header naming another algorithm or a bad digest is a 400. */
  public static Optional<UploadChecksum> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String[] parts = header.trim().split(" ", -1);
    if (parts.length != 2) {
      throw invalid("must be '<algorithm> <base64 digest>', was '" + header + "'");
    }
    String algorithm = parts[0].toLowerCase(Locale.ROOT);
    if (!ALGORITHMS.contains(algorithm)) {
      throw invalid("algorithm '" + parts[0] + "' is not supported; use one of "
          + String.join(", ", ALGORITHMS));
    }
    byte[] digest;
    try {
      digest = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw invalid("digest is not base64");
    }
    if (digest.length != DIGEST_LENGTHS.get(algorithm)) {
      throw invalid("a " + algorithm + " digest is " + DIGEST_LENGTHS.get(algorithm)
          + " bytes, this one is " + digest.length);
    }
    return Optional.of(new UploadChecksum(algorithm, digest));
  }

  public String algorithm() {
    return algorithm;
  }

  /** A fresh digest of the algorithm, to run over the body as it arrives. */
  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(JCA_NAMES.get(algorithm));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean matches(byte[] digest) {
    return MessageDigest.isEqual(expected, digest);
  }

  private static ApiException invalid(String problem) {
    return new ApiException(ErrorCode.BAD_REQUEST, HEADER + " " + problem);
  }
}
