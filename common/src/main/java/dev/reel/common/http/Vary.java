package dev.reel.common.http;

import io.vertx.core.MultiMap;
import java.util.Locale;

/**
 * Builds a response's {@code Vary} as one field line. RFC 9110 section 5.3 lets a list be split
 * over several lines, but caches in front of a service do not all read it so: nginx 1.22 keys
 * its cached variants on the last {@code Vary} line alone, so an answer with {@code Vary: Origin}
 * and {@code Vary: Accept-Encoding} on two lines was handed to another origin.
 */
public final class Vary {

  private static final String VARY = "Vary";

  private Vary() {
  }

  /** Adds {@code field} to the response's {@code Vary}, once, on its single line. */
  public static void add(MultiMap headers, String field) {
    String current = headers.get(VARY);
    if (current == null) {
      headers.set(VARY, field);
      return;
    }
    String wanted = field.toLowerCase(Locale.ROOT);
    for (String listed : current.split(",")) {
      String name = listed.trim().toLowerCase(Locale.ROOT);
      if (name.equals(wanted) || name.equals("*")) {
        return;
      }
    }
    headers.set(VARY, current + ", " + field);
  }
}
