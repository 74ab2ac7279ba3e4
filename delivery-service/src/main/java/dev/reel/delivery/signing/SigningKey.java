package dev.reel.delivery.signing;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;

/** The key pair delivery signs with: for the URLs it hands out and the tokens in manifests. */
public record SigningKey(String keyId, RSAPrivateKey privateKey) {

  public byte[] sign(byte[] message, HashAlgorithm algorithm) {
    try {
      Signature signer = Signature.getInstance(algorithm.jcaName());
      signer.initSign(privateKey);
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with key " + keyId, e);
    }
  }

  @Override
  public String toString() {
    return "SigningKey[" + keyId + "]";
  }
}
