package dev.reel.platform.it;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 the way an AWS endpoint does: the {@code Authorization}
 * header's scope (key, date, region, service), then the signature itself, recomputed from the
 * request as received and the secret key. For the plain paths of a REST API without a query
 * string, which is what MediaConvert's job calls are.
 */
final class SigV4Check {

  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, "
          + "SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");

  private final String accessKey;
  private final String secretKey;
  private final String region;
  private final String service;

  SigV4Check(String accessKey, String secretKey, String region, String service) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
    this.service = service;
  }

  /** What is wrong with the request's signature; empty when it is valid. */
  List<String> problems(String method, String path, MultiMap headers, byte[] body) {
    List<String> problems = new ArrayList<>();
    String authorization = headers.get("Authorization");
    String amzDate = headers.get("X-Amz-Date");
    if (authorization == null || amzDate == null) {
      problems.add("not signed: Authorization " + authorization + ", X-Amz-Date " + amzDate);
      return problems;
    }
    Matcher m = AUTHORIZATION.matcher(authorization);
    if (!m.matches()) {
      problems.add("Authorization is not a SigV4 header: " + authorization);
      return problems;
    }
    expect(problems, "access key", accessKey, m.group(1));
    expect(problems, "scope date", amzDate.substring(0, 8), m.group(2));
    expect(problems, "region", region, m.group(3));
    expect(problems, "service", service, m.group(4));
    List<String> signed = List.of(m.group(5).split(";"));
    if (!signed.contains("host") || !signed.contains("x-amz-date")) {
      problems.add("host and x-amz-date must be signed, signed were " + signed);
    }
    StringBuilder canonical = new StringBuilder()
        .append(method).append('\n').append(path).append('\n').append('\n');
    for (String name : signed) {
      String value = headers.get(name);
      if (value == null) {
        problems.add("signed header " + name + " was not received");
        return problems;
      }
      canonical.append(name).append(':').append(value.strip().replaceAll(" +", " "))
          .append('\n');
    }
    canonical.append('\n').append(m.group(5)).append('\n').append(hex(sha256(body)));
    String scope = m.group(2) + "/" + region + "/" + service + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), m.group(2));
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = hex(hmac(key, toSign));
    if (!signature.equals(m.group(6))) {
      problems.add("signature does not verify (service " + m.group(4) + ", region "
          + m.group(3) + ")");
    }
    return problems;
  }

  private static void expect(List<String> problems, String what, String expected,
      String actual) {
    if (!expected.equals(actual)) {
      problems.add("signed with " + what + " '" + actual + "', expected '" + expected + "'");
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
  }
}
