package dev.reel.delivery.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Presigned GET URLs for the objects of one bucket: AWS Signature Version 4 in query parameters,
 * payload unsigned, the host the only signed header. The SDK's presigner resolves the bucket's
 * address once (path-style or virtual-hosted, any endpoint); each URL is then signed here. The
 * presigner runs the SDK's whole request pipeline for every URL, which costs a cold request
 * several milliseconds while the JIT has not compiled it (and a cache that mostly hits never
 * warms it); this costs a few hashes.
 */
final class GetSigner {

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** The scheme, authority and path up to the key, as the presigner addresses the bucket. */
  private final String base;
  private final String canonicalPrefix;
  private final String host;
  private final String region;
  private final long expiresSeconds;
  private final Clock clock;
  private volatile SigningKey signingKey;

  /** The key derived for one day and one secret: reused for every URL signed that day. */
  private record SigningKey(String day, String secret, byte[] key) {
  }

  /**
   * @param probeUrl a URL the SDK presigned for the key {@code probeKey} of the bucket
   * @param ttl how long each URL stays valid
   */
  GetSigner(String probeUrl, String probeKey, String region, Duration ttl, Clock clock) {
    String address = probeUrl.substring(0, probeUrl.indexOf('?'));
    if (!address.endsWith("/" + probeKey)) {
      throw new IllegalArgumentException("cannot tell the bucket's address from " + address);
    }
    this.base = address.substring(0, address.length() - probeKey.length());
    URI uri = URI.create(base);
    this.canonicalPrefix = uri.getRawPath();
    this.host = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    this.region = region;
    this.expiresSeconds = ttl.toSeconds();
    this.clock = clock;
  }

  /** A URL that GETs {@code key} with {@code credentials} until the TTL runs out. */
  String sign(String key, AwsCredentialsIdentity credentials) {
    String amzDate = AMZ_DATE.format(clock.instant());
    String day = amzDate.substring(0, 8);
    String scope = day + "/" + region + "/s3/aws4_request";
    String path = SdkHttpUtils.urlEncodeIgnoreSlashes(key);
    StringBuilder query = new StringBuilder()
        .append("X-Amz-Algorithm=").append(ALGORITHM)
        .append("&X-Amz-Credential=")
        .append(SdkHttpUtils.urlEncode(credentials.accessKeyId() + "/" + scope))
        .append("&X-Amz-Date=").append(amzDate)
        .append("&X-Amz-Expires=").append(expiresSeconds);
    if (credentials instanceof AwsSessionCredentialsIdentity session) {
      query.append("&X-Amz-Security-Token=").append(SdkHttpUtils.urlEncode(session.sessionToken()));
    }
    query.append("&X-Amz-SignedHeaders=host");
    String canonicalRequest = "GET\n" + canonicalPrefix + path + "\n" + query + "\nhost:" + host
        + "\n\nhost\nUNSIGNED-PAYLOAD";
    String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
        + HexFormat.of().formatHex(sha256(canonicalRequest));
    String signature = HexFormat.of().formatHex(hmac(key(day, credentials.secretAccessKey()),
        stringToSign));
    return base + path + "?" + query + "&X-Amz-Signature=" + signature;
  }

  private byte[] key(String day, String secret) {
    SigningKey current = signingKey;
    if (current == null || !current.day().equals(day) || !current.secret().equals(secret)) {
      byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
      key = hmac(key, region);
      key = hmac(key, "s3");
      key = hmac(key, "aws4_request");
      current = new SigningKey(day, secret, key);
      signingKey = current;
    }
    return current.key();
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(String data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
