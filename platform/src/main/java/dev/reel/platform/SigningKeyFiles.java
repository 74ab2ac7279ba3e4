package dev.reel.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key pair playback URLs are signed with on the embedded platform: generated once under the
 * data directory (the private key readable by the owner only), kept across restarts, so an
 * application back end can sign URLs with the same key delivery checks them with.
 *
 * @param keyId the key pair id signed URLs name in {@code Key-Pair-Id}
 * @param privateKey PEM, PKCS#8
 * @param publicKey PEM, SubjectPublicKeyInfo (what CloudFront's console takes too)
 */
public record SigningKeyFiles(String keyId, Path privateKey, Path publicKey) {

  private static final char[] ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The key pair kept in {@code dir}, generated first if it is not there. */
  public static SigningKeyFiles loadOrCreate(Path dir) {
    Path idFile = dir.resolve("signing-key-id");
    Path privateFile = dir.resolve("signing-key.pem");
    Path publicFile = dir.resolve("signing-key.pub.pem");
    try {
      if (Files.exists(idFile) && Files.exists(privateFile)) {
        return new SigningKeyFiles(Files.readString(idFile).trim(), privateFile, publicFile);
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      KeyPair pair = generator.generateKeyPair();
      Files.createDirectories(dir);
      writeOwnerOnly(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      // The id last: a pair is complete only once it has one.
      String keyId = newKeyId();
      Files.writeString(idFile, keyId + "\n");
      return new SigningKeyFiles(keyId, privateFile, publicFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the signing key in " + dir, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Like CloudFront's public key ids: a K and 13 upper-case letters and digits. */
  private static String newKeyId() {
    StringBuilder id = new StringBuilder("K");
    for (int i = 0; i < 13; i++) {
      id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
    }
    return id.toString();
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the directory's default permissions.
    }
    Files.writeString(file, content);
  }
}
