package dev.reel.delivery.domain;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Common Media Client Data (CTA-5004): what a player says about itself with each request
 * (bitrate, buffer length, session id, ...), as the {@code CMCD} query parameter or in the
 * {@code CMCD-Request}, {@code CMCD-Object}, {@code CMCD-Status} and {@code CMCD-Session}
 * headers. Each is a comma-separated list of {@code key=value} members, an RFC 8941 dictionary.
 *
 * <p>The data is telemetry and comes from the viewer: reading it never fails. A member with an
 * unknown key, a value of the wrong type, or broken syntax is left out, and reading goes on at
 * the next member.
 */
public final class Cmcd {

  /** The query parameter that carries CMCD when a player cannot set headers. */
  public static final String QUERY_PARAMETER = "CMCD";
  /** The headers that carry CMCD, each with a share of the keys. */
  public static final List<String> HEADERS =
      List.of("CMCD-Request", "CMCD-Object", "CMCD-Status", "CMCD-Session");

  private enum Type { INTEGER, DECIMAL, STRING, TOKEN, BOOLEAN }

  private static final Map<String, Type> KEYS = Map.ofEntries(
      Map.entry("br", Type.INTEGER), Map.entry("bl", Type.INTEGER),
      Map.entry("bs", Type.BOOLEAN), Map.entry("cid", Type.STRING),
      Map.entry("d", Type.INTEGER), Map.entry("dl", Type.INTEGER),
      Map.entry("mtp", Type.INTEGER), Map.entry("nor", Type.STRING),
      Map.entry("nrr", Type.STRING), Map.entry("ot", Type.TOKEN),
      Map.entry("pr", Type.DECIMAL), Map.entry("rtp", Type.INTEGER),
      Map.entry("sf", Type.TOKEN), Map.entry("sid", Type.STRING),
      Map.entry("st", Type.TOKEN), Map.entry("su", Type.BOOLEAN),
      Map.entry("tb", Type.INTEGER), Map.entry("v", Type.INTEGER));

  /** The token values CTA-5004 defines for object type, streaming format and stream type. */
  private static final Map<String, Set<String>> TOKENS = Map.of(
      "ot", Set.of("m", "a", "v", "av", "i", "c", "tt", "k", "o"),
      "sf", Set.of("d", "h", "s", "o"),
      "st", Set.of("v", "l"));

  /** Content ids and session ids are at most 64 characters; other strings get more room. */
  private static final int MAX_ID_LENGTH = 64;
  private static final int MAX_STRING_LENGTH = 1024;
  /** Enough for every key at once several times over; anything longer is not a player. */
  private static final int MAX_INPUT_LENGTH = 8192;

  /**
   * Every CTA-5004 number is a quantity (a bitrate, a duration, a rate, a version): a structured
   * field integer or decimal may be negative, but no CMCD value may.
   */
  private static final Pattern INTEGER = Pattern.compile("[0-9]{1,15}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,3})?");

  private Cmcd() {
  }

  /**
   * The known keys in {@code fields} (each a CMCD query value or header value; nulls are
   * skipped), by key, with their values as text. A key given twice keeps its last value.
   */
  public static Map<String, String> parse(Iterable<String> fields) {
    Map<String, String> found = new TreeMap<>();
    for (String field : fields) {
      if (field != null) {
        parseInto(field.length() > MAX_INPUT_LENGTH ? field.substring(0, MAX_INPUT_LENGTH)
            : field, found);
      }
    }
    return found;
  }

  /**
   * The decoded value of the {@code CMCD} parameter in a raw query string, or null when there
   * is none or it is not valid percent-encoding. Reads the query itself, so that a query the
   * router could not decode costs the request nothing.
   */
  public static String queryValue(String rawQuery) {
    if (rawQuery == null) {
      return null;
    }
    String prefix = QUERY_PARAMETER + "=";
    if (!rawQuery.contains(prefix)) {
      // Most requests: a signed URL's query split apart for nothing.
      return null;
    }
    for (String parameter : rawQuery.split("&")) {
      if (parameter.startsWith(prefix)) {
        try {
          return URLDecoder.decode(parameter.substring(prefix.length()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
          return null;
        }
      }
    }
    return null;
  }

  private static void parseInto(String field, Map<String, String> found) {
    Reader reader = new Reader(field);
    while (reader.more()) {
      reader.skipSpaces();
      String key = reader.key();
      String value = reader.value();
      reader.skipSpaces();
      if (key == null || value == null || !reader.atMemberEnd()) {
        reader.skipToNextMember();
        continue;
      }
      reader.skipToNextMember();
      String accepted = accepted(key, value);
      if (accepted != null) {
        found.put(key, accepted);
      }
    }
  }

  /** The value as it is kept, or null when the key is unknown or the value not of its type. */
  private static String accepted(String key, String raw) {
    Type type = KEYS.get(key);
    if (type == null) {
      return null;
    }
    return switch (type) {
      case INTEGER -> INTEGER.matcher(raw).matches() ? raw : null;
      case DECIMAL -> DECIMAL.matcher(raw).matches() ? raw : null;
      case BOOLEAN -> switch (raw) {
        case "?1" -> "true";
        case "?0" -> "false";
        default -> null;
      };
      case TOKEN -> TOKENS.get(key).contains(raw) ? raw : null;
      case STRING -> {
        if (raw.length() < 2 || raw.charAt(0) != '"') {
          yield null;
        }
        String text = unquote(raw);
        int max = key.equals("cid") || key.equals("sid") ? MAX_ID_LENGTH : MAX_STRING_LENGTH;
        yield text == null || text.length() > max ? null : text;
      }
    };
  }

  /** The text of an RFC 8941 string ({@code "..."} with {@code \"} and {@code \\}), or null. */
  private static String unquote(String quoted) {
    StringBuilder text = new StringBuilder(quoted.length());
    for (int i = 1; i < quoted.length() - 1; i++) {
      char c = quoted.charAt(i);
      if (c == '\\') {
        i++;
        if (i >= quoted.length() - 1) {
          return null;
        }
        c = quoted.charAt(i);
        if (c != '"' && c != '\\') {
          return null;
        }
      } else if (c < 0x20 || c > 0x7e) {
        return null;
      }
      text.append(c);
    }
    return text.toString();
  }

  /** Walks one field member by member; every read stops at a comma outside quotes. */
  private static final class Reader {
    private final String text;
    private int at;

    Reader(String text) {
      this.text = text;
    }

    boolean more() {
      return at < text.length();
    }

    void skipSpaces() {
      while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
        at++;
      }
    }

    /** A key (lower-case letter or {@code *}, then lower-case letters, digits, _-.*), or null. */
    String key() {
      int start = at;
      while (at < text.length() && isKeyChar(text.charAt(at), at == start)) {
        at++;
      }
      return at > start ? text.substring(start, at) : null;
    }

    /**
     * The raw value after {@code =}, quotes included for a string; {@code ?1} for a key on its
     * own (a boolean true); null when the value is malformed.
     */
    String value() {
      if (at >= text.length() || text.charAt(at) != '=') {
        return "?1";
      }
      at++;
      if (at < text.length() && text.charAt(at) == '"') {
        int start = at++;
        while (at < text.length()) {
          char c = text.charAt(at++);
          if (c == '\\' && at < text.length()) {
            at++;
          } else if (c == '"') {
            return text.substring(start, at);
          }
        }
        return null;
      }
      int start = at;
      while (at < text.length() && text.charAt(at) != ',' && text.charAt(at) != ' '
          && text.charAt(at) != ';') {
        at++;
      }
      return at > start ? text.substring(start, at) : null;
    }

    /** Parameters ({@code ;name=value}) are allowed by RFC 8941 but unused by CMCD: skipped. */
    boolean atMemberEnd() {
      return at >= text.length() || text.charAt(at) == ',' || text.charAt(at) == ';';
    }

    /** Moves past the next comma that is not inside a quoted string. */
    void skipToNextMember() {
      boolean quoted = false;
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (quoted && c == '\\') {
          at++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (c == ',' && !quoted) {
          return;
        }
      }
    }

    private static boolean isKeyChar(char c, boolean first) {
      if ((c >= 'a' && c <= 'z') || c == '*') {
        return true;
      }
      return !first && ((c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.');
    }
  }
}
