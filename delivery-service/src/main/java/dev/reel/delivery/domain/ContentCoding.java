package dev.reel.delivery.domain;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A content coding delivery can apply to small text responses, best first. */
public enum ContentCoding {
  BR("br"),
  GZIP("gzip");

  /** coding [ ";" "q=" qvalue ], with optional whitespace (RFC 9110 section 12.5.3). */
  private static final Pattern ELEMENT =
      Pattern.compile("([A-Za-z0-9!#$%&'*+.^_`|~-]+)\\s*(?:;\\s*[qQ]\\s*=\\s*([0-9.]{1,5}))?");

  private final String token;

  ContentCoding(String token) {
    this.token = token;
  }

  /** The name in {@code Content-Encoding}, and the suffix of the representation's ETag. */
  public String token() {
    return token;
  }

  /**
   * The entity tag of the representation in this coding, from the stored object's: the same
   * opaque text with {@code -br} or {@code -gzip} added inside the quotes. A coded representation
   * has other bytes than the stored one, so it must not share its strong tag (RFC 9110 section
   * 8.8.3), and a client revalidating a compressed copy names the compressed one.
   */
  public String etagOf(String etag) {
    if (etag == null || !etag.endsWith("\"") || etag.length() < 2) {
      return etag;
    }
    return etag.substring(0, etag.length() - 1) + "-" + token + "\"";
  }

  /**
   * The coding to answer with under {@code Accept-Encoding}, among {@code available}: the one the
   * client weights highest above zero, the server's preference (this enum's order) breaking
   * ties; empty for no coding (identity). Without the header, or when the client weights
   * {@code identity} above every coding it accepts, identity. {@code *} stands for every coding
   * the header does not name, {@code x-gzip} for {@code gzip}; elements that do not parse are
   * skipped.
   */
  public static Optional<ContentCoding> negotiate(String acceptEncoding,
      Set<ContentCoding> available) {
    if (acceptEncoding == null || available.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Double> weights = weights(acceptEncoding);
    Double any = weights.get("*");
    ContentCoding best = null;
    double bestWeight = 0;
    for (ContentCoding coding : values()) {
      double weight = weights.getOrDefault(coding.token, any == null ? 0 : any);
      if (available.contains(coding) && weight > bestWeight) {
        best = coding;
        bestWeight = weight;
      }
    }
    Double identity = weights.get("identity");
    if (best == null || (identity != null && identity > bestWeight)) {
      return Optional.empty();
    }
    return Optional.of(best);
  }

  private static Map<String, Double> weights(String acceptEncoding) {
    Map<String, Double> weights = new HashMap<>();
    for (String element : acceptEncoding.split(",")) {
      Matcher m = ELEMENT.matcher(element.trim());
      if (!m.matches()) {
        continue;
      }
      String name = m.group(1).toLowerCase(Locale.ROOT);
      Optional<Double> weight = m.group(2) == null ? Optional.of(1.0) : qvalue(m.group(2));
      weight.ifPresent(w -> weights.put(name.equals("x-gzip") ? "gzip" : name, w));
    }
    return weights;
  }

  private static Optional<Double> qvalue(String text) {
    if (!text.matches("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?")) {
      return Optional.empty();
    }
    return Optional.of(Double.parseDouble(text.endsWith(".") ? text + "0" : text));
  }
}
