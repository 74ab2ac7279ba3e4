package dev.reel.delivery.config;

import dev.reel.common.AssetId;
import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigReader;
import dev.reel.delivery.signing.KeyRing;
import dev.reel.delivery.signing.PemKeys;
import dev.reel.delivery.signing.SigningKey;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may fetch media, and how it is handed over.
 *
 * @param signingRequired false only to turn signing off, for local development
 * @param signingKeyId the key pair id delivery signs with (the URLs of {@code GET /v1/assets}
 *     and the tokens in manifests) and accepts
 * @param privateKeyFile the PEM of that key pair's private key
 * @param verifyingKeyFiles more key pairs whose signatures are accepted, by key pair id, each a
 *     public (or private) key PEM: a rotation's older and newer keys, an application's own key
 * @param urlTtl how long the URLs of {@code GET /v1/assets/{id}} work
 * @param publicAssets patterns over {@code {assetId}/{file}} anyone may fetch unsigned
 * @param redirectPresigned whether every media GET is answered with a redirect to S3
 * @param presignTtl how long those S3 URLs work
 * @param s3PublicEndpoint the S3 address viewers reach, when not the one delivery uses
 */
public record AccessSettings(boolean signingRequired, Optional<String> signingKeyId,
    Optional<Path> privateKeyFile, Map<String, Path> verifyingKeyFiles, Duration urlTtl,
    List<String> publicAssets, boolean redirectPresigned, Duration presignTtl,
    Optional<URI> s3PublicEndpoint) {

  public static final String SIGNING_REQUIRED = "REEL_SIGNING_REQUIRED";
  public static final String KEY_ID = "REEL_SIGNING_KEY_ID";
  public static final String PRIVATE_KEY_FILE = "REEL_SIGNING_PRIVATE_KEY_FILE";
  public static final String PUBLIC_KEYS = "REEL_SIGNING_PUBLIC_KEYS";
  public static final String URL_TTL_SECONDS = "REEL_SIGNING_URL_TTL_SECONDS";
  public static final String PUBLIC_ASSETS = "REEL_DELIVERY_PUBLIC_ASSETS";
  public static final String REDIRECT_PRESIGNED = "REEL_DELIVERY_REDIRECT_PRESIGNED";
  public static final String PRESIGN_TTL_SECONDS = "REEL_DELIVERY_PRESIGN_TTL_SECONDS";
  public static final String S3_PUBLIC_ENDPOINT = "REEL_S3_PUBLIC_ENDPOINT";

  private static final Pattern KEY_PAIR_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern PUBLIC_PATTERN = Pattern.compile("[A-Za-z0-9._*/-]{1,256}");
  private static final long MAX_URL_TTL = 365L * 24 * 3600;
  /** SigV4 presigned URLs live at most seven days. */
  private static final long MAX_PRESIGN_TTL = 7L * 24 * 3600;
  private static final int MIN_KEY_BITS = 2048;

  public static JsonObject defaults() {
    return new JsonObject()
        .put(SIGNING_REQUIRED, "true")
        .put(URL_TTL_SECONDS, "3600")
        .put(REDIRECT_PRESIGNED, "false")
        .put(PRESIGN_TTL_SECONDS, "300");
  }

  public static AccessSettings read(ConfigReader config) {
    boolean required = config.bool(SIGNING_REQUIRED);
    Optional<String> keyId = config.optionalString(KEY_ID);
    keyId.ifPresent(id -> keyPairId(KEY_ID, id));
    Optional<Path> privateKey = config.optionalString(PRIVATE_KEY_FILE)
        .map(value -> path(PRIVATE_KEY_FILE, value));
    if (keyId.isPresent() != privateKey.isPresent()) {
      throw new ConfigException(KEY_ID + " and " + PRIVATE_KEY_FILE + " must be set together");
    }
    Map<String, Path> verifying = verifyingKeys(config.list(PUBLIC_KEYS));
    if (required && keyId.isEmpty() && verifying.isEmpty()) {
      throw new ConfigException("media is private, so " + KEY_ID + " and " + PRIVATE_KEY_FILE
          + " are required (or " + PUBLIC_KEYS + " to only check signatures made elsewhere); "
          + SIGNING_REQUIRED + "=false turns signing off, for local development only");
    }
    List<String> publicAssets = config.list(PUBLIC_ASSETS);
    for (String entry : publicAssets) {
      if (!PUBLIC_PATTERN.matcher(entry).matches() || !publicEntry(entry)) {
        throw new ConfigException(PUBLIC_ASSETS + " entries are asset ids, '*', or patterns "
            + "over {assetId}/{file} of letters, digits, '.', '_', '-', '/' and '*' whose "
            + "first part is an asset id or has a '*' (no empty, '.' or '..' parts), was '"
            + entry + "'");
      }
    }
    return new AccessSettings(required, keyId, privateKey, verifying,
        seconds(config, URL_TTL_SECONDS, MAX_URL_TTL), publicAssets,
        config.bool(REDIRECT_PRESIGNED), seconds(config, PRESIGN_TTL_SECONDS, MAX_PRESIGN_TTL),
        config.optionalUri(S3_PUBLIC_ENDPOINT));
  }

  /**
   * Reads the key files: the signing key and every verifying key. Blocking; a missing,
   * unreadable or unsuitable file fails with a message naming the setting, never the key.
   */
  public KeyRing loadKeys() {
    Map<String, RSAPublicKey> publicKeys = new LinkedHashMap<>();
    Optional<SigningKey> signing = Optional.empty();
    if (signingKeyId.isPresent()) {
      RSAPrivateKey key = parse(PRIVATE_KEY_FILE, privateKeyFile.orElseThrow(),
          PemKeys::privateKey);
      checkSize(PRIVATE_KEY_FILE, key.getModulus().bitLength());
      signing = Optional.of(new SigningKey(signingKeyId.get(), key));
      publicKeys.put(signingKeyId.get(), PemKeys.publicOf(key));
    }
    verifyingKeyFiles.forEach((id, file) -> {
      RSAPublicKey key = parse(PUBLIC_KEYS, file, PemKeys::publicKey);
      checkSize(PUBLIC_KEYS, key.getModulus().bitLength());
      RSAPublicKey signingPublic = publicKeys.putIfAbsent(id, key);
      if (signingPublic != null && !signingPublic.equals(key)) {
        throw new ConfigException(PUBLIC_KEYS + " names key pair id " + id + " with another key "
            + "than " + PRIVATE_KEY_FILE);
      }
    });
    return new KeyRing(publicKeys, signing);
  }

  private static <K> K parse(String setting, Path file,
      java.util.function.Function<String, K> reader) {
    String pem;
    try {
      pem = Files.readString(file);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(setting + ": cannot read key file '" + file + "'");
    }
    try {
      return reader.apply(pem);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(setting + ": '" + file + "' is not a usable RSA key: "
          + e.getMessage());
    }
  }

  private static void checkSize(String setting, int bits) {
    if (bits < MIN_KEY_BITS) {
      throw new ConfigException(setting + ": RSA keys must have at least " + MIN_KEY_BITS
          + " bits, as CloudFront's do; this one has " + bits);
    }
  }

  private static Map<String, Path> verifyingKeys(List<String> entries) {
    Map<String, Path> keys = new LinkedHashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      if (equals <= 0 || equals == entry.length() - 1) {
        throw new ConfigException(PUBLIC_KEYS + " is a comma-separated list of keyPairId=file, "
            + "had '" + entry + "'");
      }
      String id = keyPairId(PUBLIC_KEYS, entry.substring(0, equals).trim());
      if (keys.put(id, path(PUBLIC_KEYS, entry.substring(equals + 1).trim())) != null) {
        throw new ConfigException(PUBLIC_KEYS + " names key pair id " + id + " twice");
      }
    }
    return keys;
  }

  private static String keyPairId(String setting, String id) {
    if (!KEY_PAIR_ID.matcher(id).matches()) {
      throw new ConfigException(setting + ": a key pair id is 1 to 128 letters, digits, '.', "
          + "'_' or '-', was '" + id + "'");
    }
    return id;
  }

  private static Path path(String setting, String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigException(setting + ": '" + value + "' is not a file path");
    }
  }

  /**
   * Whether a public entry can match anything: its first part an asset id or a pattern over
   * them, no part empty, {@code .} or {@code ..} (a media path has none). A typo such as {@code
   * not-an-id} would otherwise make nothing public without a word.
   */
  private static boolean publicEntry(String entry) {
    String[] parts = entry.split("/", -1);
    for (String part : parts) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return parts[0].contains("*") || AssetId.isValid(parts[0]);
  }

  private static Duration seconds(ConfigReader config, String key, long max) {
    long seconds = config.positiveLong(key);
    if (seconds > max) {
      throw new ConfigException(key + " must be between 1 and " + max + " seconds, was "
          + seconds);
    }
    return Duration.ofSeconds(seconds);
  }
}
