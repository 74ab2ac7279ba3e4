package dev.reel.delivery.signing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds a query (the path-scoped signature) to every relative URI inside a manifest, so that a
 * player that was given one signed manifest URL can fetch everything the manifest names, without
 * cookies: HLS master and media playlists (URI lines and {@code URI="..."} attributes), DASH
 * MPDs (the attributes that hold a URL or a URL template, file {@code BaseURL}s) and WebVTT
 * thumbnail tracks (image cue payloads). Absolute URIs are left alone: the signature is for
 * delivery, not for any other host.
 */
public final class ManifestRewriter {

  /** The kinds of file whose URIs a player resolves against the file's own URL. */
  public enum Kind {
    HLS, DASH, WEBVTT;

    /** The kind of file by its name, if it is one that names other files. */
    public static Optional<Kind> of(String fileName) {
      String lower = fileName.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".m3u8")) {
        return Optional.of(HLS);
      } else if (lower.endsWith(".mpd")) {
        return Optional.of(DASH);
      } else if (lower.endsWith(".vtt")) {
        return Optional.of(WEBVTT);
      }
      return Optional.empty();
    }
  }

  private static final Pattern HLS_URI_ATTRIBUTE = Pattern.compile("(URI=\")([^\"]*)(\")");
  /**
   * The MPD attributes that hold a URL or a URL template: {@code SegmentTemplate}'s
   * {@code initialization}, {@code media}, {@code index} and {@code bitstreamSwitching},
   * {@code SegmentURL}'s {@code media} and {@code index}, and the {@code sourceURL} of
   * {@code Initialization}, {@code RepresentationIndex} and {@code BitstreamSwitching}.
   */
  private static final Pattern DASH_URL_ATTRIBUTE = Pattern.compile(
      "(\\s(initialization|media|index|bitstreamSwitching|sourceURL)\\s*=\\s*)"
          + "(\"([^\"]*)\"|'([^']*)')");
  /** An xs:boolean, as {@code bitstreamSwitching} is on an AdaptationSet or a Period. */
  private static final Pattern XS_BOOLEAN = Pattern.compile("\\s*(true|false|1|0)\\s*");
  private static final Pattern DASH_BASE_URL = Pattern.compile(
      "(<BaseURL(?:\\s[^>]*)?>)([^<]*)(</BaseURL>)");
  private static final Pattern IMAGE_REFERENCE = Pattern.compile(
      "[A-Za-z0-9._/~%-]+\\.(?i:jpe?g|png|webp|gif)(#\\S*)?");
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");

  private ManifestRewriter() {
  }

  /** {@code text} with {@code query} added to each relative URI in it. */
  public static String rewrite(Kind kind, String text, String query) {
    String inText = kind == Kind.DASH ? query.replace("&", "&amp;") : query;
    return edit(kind, text, uri -> withQuery(uri, inText));
  }

  /**
   * The directory that holds every file the manifest names, relative to the manifest's own
   * ({@code ""} for the manifest's own, {@code "cmaf/"}, {@code "cmaf/720p/"}); empty when a
   * name may lead out of the manifest's directory (an absolute path, {@code ..}, an encoding).
   * A DASH template counts up to its first {@code $}; a {@code BaseURL} directory counts as a
   * name.
   */
  public static Optional<String> namedDirectory(Kind kind, String text) {
    List<String> names = new ArrayList<>();
    edit(kind, text, uri -> {
      if (relative(uri)) {
        names.add(uri);
      }
      return uri;
    });
    if (kind == Kind.DASH) {
      // The edit passes on a BaseURL that names a file; one that names a directory counts too.
      Matcher base = DASH_BASE_URL.matcher(text);
      while (base.find()) {
        String uri = base.group(2).strip();
        if (uri.endsWith("/") && relative(uri)) {
          names.add(uri);
        }
      }
    }
    String common = null;
    for (String name : names) {
      String path = name.split("[?#$]", 2)[0];
      if (path.startsWith("/") || path.indexOf('%') >= 0 || path.indexOf('\\') >= 0
          || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./")) {
        return Optional.empty();
      }
      String directory = path.substring(0, path.lastIndexOf('/') + 1);
      common = common == null ? directory : commonDirectory(common, directory);
    }
    return Optional.of(common == null ? "" : common);
  }

  private static String commonDirectory(String a, String b) {
    int same = 0;
    while (same < a.length() && same < b.length() && a.charAt(same) == b.charAt(same)) {
      same++;
    }
    return a.substring(0, a.lastIndexOf('/', same - 1) + 1);
  }

  /** {@code text} with each relative or absolute URI in it replaced by {@code perUri}'s. */
  private static String edit(Kind kind, String text, UnaryOperator<String> perUri) {
    return switch (kind) {
      case HLS -> byLine(text, line -> hlsLine(line, perUri));
      case DASH -> dash(text, perUri);
      case WEBVTT -> byLine(text, line -> IMAGE_REFERENCE.matcher(line.strip()).matches()
          ? perUri.apply(line.strip()) : line);
    };
  }

  private static String hlsLine(String line, UnaryOperator<String> perUri) {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return line;
    }
    if (trimmed.startsWith("#")) {
      return replace(HLS_URI_ATTRIBUTE.matcher(line),
          m -> m.group(1) + perUri.apply(m.group(2)) + m.group(3));
    }
    return perUri.apply(trimmed);
  }

  private static String dash(String xml, UnaryOperator<String> perUri) {
    String attributes = replace(DASH_URL_ATTRIBUTE.matcher(xml), m -> {
      boolean doubleQuoted = m.group(4) != null;
      String value = doubleQuoted ? m.group(4) : m.group(5);
      if (m.group(2).equals("bitstreamSwitching") && XS_BOOLEAN.matcher(value).matches()) {
        return m.group();
      }
      String quote = doubleQuoted ? "\"" : "'";
      return m.group(1) + quote + perUri.apply(value) + quote;
    });
    // A BaseURL that names a directory is a prefix: a query on it would be dropped when the
    // segment names are resolved against it, so only one that names a file gets it.
    return replace(DASH_BASE_URL.matcher(attributes), m -> m.group(2).strip().endsWith("/")
        ? m.group() : m.group(1) + perUri.apply(m.group(2).strip()) + m.group(3));
  }

  /** {@code uri} with {@code query} appended, before any fragment; absolute URIs unchanged. */
  static String withQuery(String uri, String query) {
    if (!relative(uri)) {
      return uri;
    }
    int hash = uri.indexOf('#');
    String base = hash < 0 ? uri : uri.substring(0, hash);
    String fragment = hash < 0 ? "" : uri.substring(hash);
    return base + (base.indexOf('?') >= 0 ? "&" : "?") + query + fragment;
  }

  /** Whether {@code uri} names something on delivery: not empty, no scheme, no host. */
  private static boolean relative(String uri) {
    return !uri.isEmpty() && !uri.startsWith("//") && !SCHEME.matcher(uri).matches();
  }

  /** Applies {@code perLine} to each line, keeping every line ending as it was. */
  private static String byLine(String text, UnaryOperator<String> perLine) {
    StringBuilder out = new StringBuilder(text.length() + 1024);
    int start = 0;
    while (start < text.length()) {
      int end = start;
      while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      int next = end;
      if (next < text.length() && text.charAt(next) == '\r') {
        next++;
      }
      if (next < text.length() && text.charAt(next) == '\n') {
        next++;
      }
      out.append(perLine.apply(text.substring(start, end))).append(text, end, next);
      start = next;
    }
    return out.toString();
  }

  private static String replace(Matcher m, Function<Matcher, String> replacement) {
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
