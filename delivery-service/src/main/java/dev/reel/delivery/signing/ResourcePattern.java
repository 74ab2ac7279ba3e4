package dev.reel.delivery.signing;

/**
 * A custom policy's {@code Resource}, matched as CloudFront matches it: {@code *} stands for any
 * run of characters (none, and slashes included), {@code ?} for exactly one, everything else for
 * itself, case-sensitively. {@code https://media.example.com/v1/media/01abc/*} covers every file
 * of that asset; {@code http*://*} covers everything.
 */
public record ResourcePattern(String pattern) {

  /** Whether the pattern covers all of {@code url}. */
  public boolean matches(String url) {
    int p = 0;
    int u = 0;
    // Where the last '*' was, and how much of the URL it had swallowed when we moved past it:
    // on a mismatch, that star takes one more character and matching resumes after it.
    int star = -1;
    int swallowedUpTo = 0;
    while (u < url.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == url.charAt(u))
          && pattern.charAt(p) != '*') {
        p++;
        u++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        swallowedUpTo = u;
      } else if (star >= 0) {
        p = star + 1;
        u = ++swallowedUpTo;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
