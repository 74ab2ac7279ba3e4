package dev.reel.delivery.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Signed GETs and HEADs for the objects of one bucket: AWS Signature Version 4 in the {@code
 * Authorization} header, payload unsigned, as the AWS SDK signs a {@code GetObject} or {@code
 * HeadObject}. The SDK's presigner resolves the bucket's address once (path-style or
 * virtual-hosted, any endpoint); each request is then signed here. Running the SDK's whole
 * request pipeline for every GET costs a cold request several milliseconds while the JIT has not
 * compiled it (and a cache that mostly hits never warms it); this costs a few hashes. Header
 * rather than query authentication: S3Proxy answers a presigned URL's GET about 2 ms later than
 * the same GET signed in its header.
 */
final class ObjectSigner {

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** The scheme and authority, as the presigner addresses the bucket. */
  private final String origin;
  /** The path up to the key: the bucket's for path-style addresses, "/" otherwise. */
  private final String canonicalPrefix;
  private final String host;
  private final String serverHost;
  private final int serverPort;
  private final boolean ssl;
  private final String region;
  private final Clock clock;
  private volatile SigningKey signingKey;
  private volatile AmzDate amzDate = new AmzDate(Long.MIN_VALUE, "");

  /** The {@code x-amz-date} of one second: requests signed within it share the text. */
  private record AmzDate(long epochSecond, String text) {
  }

  /** The key derived for one day and one secret: reused for every request signed that day. */
  private record SigningKey(String day, String secret, byte[] key) {
  }

  /**
   * A request to send: its path, as the request line carries it, for a client given the server
   * ({@link #serverHost}, {@link #serverPort}, {@link #ssl}) separately so that it need not parse
   * a URL; and the headers that sign it (the client adds Host).
   */
  record SignedRequest(String path, Map<String, String> headers) {
  }

  /** One hash and one MAC per thread, reused: looking a JCE algorithm up costs more than it. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  });
  private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  });

  /** @param probeUrl a URL the SDK presigned for the key {@code probeKey} of the bucket */
  ObjectSigner(String probeUrl, String probeKey, String region, Clock clock) {
    int query = probeUrl.indexOf('?');
    String address = query < 0 ? probeUrl : probeUrl.substring(0, query);
    if (!address.endsWith("/" + probeKey)) {
      throw new IllegalArgumentException("cannot tell the bucket's address from " + address);
    }
    String base = address.substring(0, address.length() - probeKey.length());
    URI uri = URI.create(base);
    this.canonicalPrefix = uri.getRawPath();
    this.origin = base.substring(0, base.length() - canonicalPrefix.length());
    this.host = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    this.ssl = "https".equalsIgnoreCase(uri.getScheme());
    this.serverHost = uri.getHost();
    this.serverPort = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
    this.region = region;
    this.clock = clock;
  }

  /**
   * A {@code method} ({@code GET} or {@code HEAD}) of {@code key} signed with {@code
   * credentials}, valid for the next 15 minutes.
   */
  SignedRequest sign(String method, String key, AwsCredentialsIdentity credentials) {
    String amzDate = amzDate(clock.instant());
    String day = amzDate.substring(0, 8);
    String scope = day + "/" + region + "/s3/aws4_request";
    String path = encodePath(key);
    // The signed headers by lower-case name, in the order SigV4 wants; all but host are sent.
    SortedMap<String, String> signed = new TreeMap<>();
    signed.put("host", host);
    signed.put("x-amz-content-sha256", UNSIGNED_PAYLOAD);
    signed.put("x-amz-date", amzDate);
    if (credentials instanceof AwsSessionCredentialsIdentity session) {
      signed.put("x-amz-security-token", session.sessionToken().strip());
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    signed.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value)
        .append('\n'));
    String signedHeaders = String.join(";", signed.keySet());
    String canonicalRequest = method + "\n" + canonicalPrefix + path + "\n\n" + canonicalHeaders
        + "\n" + signedHeaders + "\n" + UNSIGNED_PAYLOAD;
    String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
        + HexFormat.of().formatHex(sha256(canonicalRequest));
    String signature = HexFormat.of().formatHex(hmac(key(day, credentials.secretAccessKey()),
        stringToSign));
    Map<String, String> headers = new LinkedHashMap<>(signed);
    headers.remove("host");
    headers.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/"
        + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    return new SignedRequest(canonicalPrefix + path, headers);
  }

  /** The absolute URL of {@code request}, as a client given the whole address would ask for it. */
  String url(SignedRequest request) {
    return origin + request.path();
  }

  /** The host name or address the bucket is reached at, without a port. */
  String serverHost() {
    return serverHost;
  }

  /** The port the bucket is reached at, the scheme's own where the address names none. */
  int serverPort() {
    return serverPort;
  }

  /** Whether the bucket is reached over TLS. */
  boolean ssl() {
    return ssl;
  }

  private String amzDate(Instant now) {
    AmzDate current = amzDate;
    if (current.epochSecond() != now.getEpochSecond()) {
      current = new AmzDate(now.getEpochSecond(), AMZ_DATE.format(now));
      amzDate = current;
    }
    return current.text();
  }

  /**
   * The key as a URI path, every byte but RFC 3986's unreserved characters and '/'
   * percent-encoded, as SigV4 wants it. Reel's own keys are made of those characters only and
   * go out as they are; any other goes through the SDK's encoder.
   */
  static String encodePath(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
      if (!plain) {
        return SdkHttpUtils.urlEncodeIgnoreSlashes(key);
      }
    }
    return key;
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
    Mac mac = HMAC_SHA256.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("an HmacSHA256 key of " + key.length + " bytes", e);
    }
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(String data) {
    // digest() leaves the digest reset for the next call.
    return SHA256.get().digest(data.getBytes(StandardCharsets.UTF_8));
  }
}
