package dev.reel.admin.domain;

/**
 * Checks that bytes are exactly one well-formed JSON object (RFC 8259, in well-formed UTF-8), with
 * nothing but whitespace around it, and whether that whitespace breaks a line. One pass, nothing
 * built: the archiver checks every access record it keeps, thousands a second, and a parser's
 * tokens cost several times as much as looking at each byte once.
 *
 * <p>As strict as Jackson's defaults, which decide what a consumer of the archive can read: no
 * comments, single quotes, unquoted names, leading zeros, {@code NaN}, trailing commas or raw
 * control characters in strings, and no nesting deeper than {@value #MAX_DEPTH}. Stricter only
 * about UTF-8: an overlong form, an encoded surrogate or a byte that cannot start a character is
 * refused here, where Jackson, skipping over a string, may let it through.
 */
final class JsonObjectScan {

  /** What the bytes are. */
  enum Shape {
    NOT_ONE_OBJECT,
    /** One object, with no line break outside its strings (and none can be inside them). */
    ONE_LINE,
    /** One object, laid out over several lines. */
    SEVERAL_LINES
  }

  /** Jackson's default limit on nesting. */
  static final int MAX_DEPTH = 1000;
  private static final int FAILED = -1;

  private final byte[] json;
  private boolean lineBreak;

  private JsonObjectScan(byte[] json) {
    this.json = json;
  }

  static Shape of(byte[] json) {
    JsonObjectScan scan = new JsonObjectScan(json);
    int end = scan.object();
    if (end == FAILED || scan.space(end) != json.length) {
      return Shape.NOT_ONE_OBJECT;
    }
    return scan.lineBreak ? Shape.SEVERAL_LINES : Shape.ONE_LINE;
  }

  /** Reads the top-level object; answers the position after it, or {@link #FAILED}. */
  private int object() {
    int i = space(0);
    if (at(i) != '{') {
      return FAILED;
    }
    // Whether each open container is an object (true) or an array.
    boolean[] objects = new boolean[Math.min(MAX_DEPTH, json.length / 2 + 1)];
    int depth = 0;
    boolean expectValue = true;
    while (true) {
      if (expectValue) {
        int c = at(i);
        if (c == '{' || c == '[') {
          if (depth == objects.length) {
            return FAILED;
          }
          objects[depth++] = c == '{';
          i = space(i + 1);
          if (at(i) != (c == '{' ? '}' : ']')) {
            // Not empty: its first member's value, or its first element, comes next.
            if (c == '{') {
              i = member(i);
              if (i == FAILED) {
                return FAILED;
              }
            }
            continue;
          }
          depth--;
          i++;
        } else {
          i = scalar(i, c);
          if (i == FAILED) {
            return FAILED;
          }
        }
        expectValue = false;
      }
      // After a value: the top-level object is done, or its container goes on or closes.
      if (depth == 0) {
        return i;
      }
      i = space(i);
      int c = at(i);
      boolean inObject = objects[depth - 1];
      if (c == ',') {
        i = space(i + 1);
        if (inObject) {
          i = member(i);
          if (i == FAILED) {
            return FAILED;
          }
        }
        expectValue = true;
      } else if (c == (inObject ? '}' : ']')) {
        depth--;
        i++;
      } else {
        return FAILED;
      }
    }
  }

  /** A member's name and colon; answers where its value starts. */
  private int member(int i) {
    if (at(i) != '"') {
      return FAILED;
    }
    i = string(i);
    if (i == FAILED) {
      return FAILED;
    }
    i = space(i);
    return at(i) == ':' ? space(i + 1) : FAILED;
  }

  private int scalar(int i, int c) {
    return switch (c) {
      case '"' -> string(i);
      case 't' -> literal(i, "true");
      case 'f' -> literal(i, "false");
      case 'n' -> literal(i, "null");
      default -> c == '-' || (c >= '0' && c <= '9') ? number(i) : FAILED;
    };
  }

  private int literal(int i, String word) {
    for (int k = 0; k < word.length(); k++) {
      if (at(i + k) != word.charAt(k)) {
        return FAILED;
      }
    }
    return i + word.length();
  }

  /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?} */
  private int number(int i) {
    if (at(i) == '-') {
      i++;
    }
    if (at(i) == '0') {
      i++;
    } else {
      i = digits(i);
      if (i == FAILED) {
        return FAILED;
      }
    }
    if (at(i) == '.') {
      i = digits(i + 1);
      if (i == FAILED) {
        return FAILED;
      }
    }
    int c = at(i);
    if (c == 'e' || c == 'E') {
      i++;
      c = at(i);
      if (c == '+' || c == '-') {
        i++;
      }
      i = digits(i);
    }
    return i;
  }

  /** One or more digits. */
  private int digits(int i) {
    int start = i;
    while (isDigit(at(i))) {
      i++;
    }
    return i == start ? FAILED : i;
  }

  private int string(int i) {
    i++;
    while (true) {
      int c = at(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        int escaped = at(i + 1);
        if (escaped == 'u') {
          for (int k = 2; k < 6; k++) {
            if (!isHex(at(i + k))) {
              return FAILED;
            }
          }
          i += 6;
        } else if (escaped == '"' || escaped == '\\' || escaped == '/' || escaped == 'b'
            || escaped == 'f' || escaped == 'n' || escaped == 'r' || escaped == 't') {
          i += 2;
        } else {
          return FAILED;
        }
      } else if (c >= 0x20 && c < 0x80) {
        i++;
      } else if (c >= 0x80) {
        i = character(i, c);
        if (i == FAILED) {
          return FAILED;
        }
      } else {
        // A control character, or the end of the bytes.
        return FAILED;
      }
    }
  }

  /** One character of two to four bytes, well formed (RFC 3629, section 4). */
  private int character(int i, int first) {
    int count;
    int low = 0x80;
    int high = 0xBF;
    if (first >= 0xC2 && first <= 0xDF) {
      count = 1;
    } else if (first >= 0xE0 && first <= 0xEF) {
      count = 2;
      if (first == 0xE0) {
        low = 0xA0;
      } else if (first == 0xED) {
        high = 0x9F;
      }
    } else if (first >= 0xF0 && first <= 0xF4) {
      count = 3;
      if (first == 0xF0) {
        low = 0x90;
      } else if (first == 0xF4) {
        high = 0x8F;
      }
    } else {
      return FAILED;
    }
    int second = at(i + 1);
    if (second < low || second > high) {
      return FAILED;
    }
    for (int k = 2; k <= count; k++) {
      int next = at(i + k);
      if (next < 0x80 || next > 0xBF) {
        return FAILED;
      }
    }
    return i + 1 + count;
  }

  private int space(int i) {
    while (true) {
      int c = at(i);
      if (c == '\n' || c == '\r') {
        lineBreak = true;
      } else if (c != ' ' && c != '\t') {
        return i;
      }
      i++;
    }
  }

  /** The byte at {@code i}, from 0 to 255, or -1 past the end. */
  private int at(int i) {
    return i < json.length ? json[i] & 0xFF : -1;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(int c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
