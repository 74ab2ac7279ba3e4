package dev.reel.delivery.signing;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RSA keys from PEM text, in the forms OpenSSL writes them: {@code PRIVATE KEY} (PKCS#8, what
 * {@code openssl genpkey} and OpenSSL 3's {@code genrsa} write), {@code RSA PRIVATE KEY}
 * (PKCS#1, older {@code genrsa}), {@code PUBLIC KEY} ({@code openssl rsa -pubout}, what
 * CloudFront's console takes) and {@code RSA PUBLIC KEY}. Error messages never quote the key.
 */
public final class PemKeys {

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  /** The DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
  private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48,
      (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private PemKeys() {
  }

  /** The private key of a PKCS#8 or PKCS#1 PEM. */
  public static RSAPrivateKey privateKey(String pem) {
    Block block = block(pem);
    byte[] pkcs8 = switch (block.type()) {
      case "PRIVATE KEY" -> block.der();
      case "RSA PRIVATE KEY" -> pkcs8FromPkcs1(block.der());
      case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
          "the private key is encrypted; write it without a passphrase "
              + "(openssl pkcs8 -topk8 -nocrypt)");
      default -> throw new IllegalArgumentException("expected a PRIVATE KEY or RSA PRIVATE KEY "
          + "PEM block, found " + block.type());
    };
    try {
      return (RSAPrivateKey) KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("not an RSA private key");
    }
  }

  /**
   * The public key of a public-key PEM, or of a private-key PEM (whose public half it carries), so
   * a verifier can be given either file.
   */
  public static RSAPublicKey publicKey(String pem) {
    Block block = block(pem);
    byte[] spki = switch (block.type()) {
      case "PUBLIC KEY" -> block.der();
      case "RSA PUBLIC KEY" -> spkiFromPkcs1(block.der());
      case "PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY" ->
          null;
      default -> throw new IllegalArgumentException("expected a PUBLIC KEY or PRIVATE KEY PEM "
          + "block, found " + block.type());
    };
    if (spki == null) {
      return publicOf(privateKey(pem));
    }
    try {
      return (RSAPublicKey) KeyFactory.getInstance("RSA")
          .generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("not an RSA public key");
    }
  }

  /** The public half of a private key that carries it (every key OpenSSL writes does). */
  public static RSAPublicKey publicOf(RSAPrivateKey key) {
    if (!(key instanceof RSAPrivateCrtKey crt)) {
      throw new IllegalArgumentException("the private key does not carry its public exponent");
    }
    try {
      return (RSAPublicKey) KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an RSA key");
    }
  }

  /** PEM text of a PKCS#8 private key, 64 characters a line. */
  public static String privateKeyPem(RSAPrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  /** PEM text of a public key (SubjectPublicKeyInfo), 64 characters a line. */
  public static String publicKeyPem(RSAPublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private record Block(String type, byte[] der) {
  }

  private static Block block(String pem) {
    Matcher m = BLOCK.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException("no PEM block (-----BEGIN ...-----) found");
    }
    String body = m.group(2);
    if (body.contains(":")) {
      // Proc-Type / DEK-Info headers: a traditionally encrypted PKCS#1 key.
      throw new IllegalArgumentException("the private key is encrypted; write it without a "
          + "passphrase (openssl pkcs8 -topk8 -nocrypt)");
    }
    try {
      return new Block(m.group(1), Base64.getMimeDecoder().decode(body));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM block is not valid Base64");
    }
  }

  /** PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING { RSAPrivateKey } }. */
  private static byte[] pkcs8FromPkcs1(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    return der(0x30, concat(version, RSA_ALGORITHM, der(0x04, pkcs1)));
  }

  /** SubjectPublicKeyInfo { rsaEncryption, BIT STRING { RSAPublicKey } }. */
  private static byte[] spkiFromPkcs1(byte[] pkcs1) {
    return der(0x30, concat(RSA_ALGORITHM, der(0x03, concat(new byte[] {0}, pkcs1))));
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
