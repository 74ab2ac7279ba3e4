package dev.reel.delivery.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code Range} header asks of a body of known length, under RFC 9110 section 14.
 * A header that is absent, not in the {@code bytes} unit, or syntactically invalid is ignored
 * (the whole body is served with 200). Several ranges are for now also answered with the whole
 * body, which the RFC permits.
 */
public sealed interface RangeRequest {

  /** Serve the whole body with 200. */
  record Whole() implements RangeRequest {
  }

  /** Serve these bytes with 206. */
  record Partial(ByteRange range) implements RangeRequest {
  }

  /** Answer 416 with {@code Content-Range: bytes *}{@code /length}. */
  record Unsatisfiable(long completeLength) implements RangeRequest {
    public String contentRange() {
      return "bytes */" + completeLength;
    }
  }

  Pattern SINGLE_RANGE = Pattern.compile("(\\d*)-(\\d*)");

  static RangeRequest parse(String header, long completeLength) {
    if (header == null) {
      return new Whole();
    }
    String value = header.trim();
    int equals = value.indexOf('=');
    if (equals < 0 || !value.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
      return new Whole();
    }
    String spec = value.substring(equals + 1).trim();
    if (spec.contains(",")) {
      return new Whole();
    }
    Matcher m = SINGLE_RANGE.matcher(spec);
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return new Whole();
    }
    Optional<Long> first = number(m.group(1));
    Optional<Long> last = number(m.group(2));
    if (first.isEmpty()) {
      return suffix(last.get(), completeLength);
    }
    if (last.isPresent() && last.get() < first.get()) {
      return new Whole();
    }
    if (first.get() >= completeLength) {
      return new Unsatisfiable(completeLength);
    }
    long end = Math.min(last.orElse(Long.MAX_VALUE), completeLength - 1);
    return new Partial(new ByteRange(first.get(), end, completeLength));
  }

  private static RangeRequest suffix(long suffixLength, long completeLength) {
    if (suffixLength == 0 || completeLength == 0) {
      return new Unsatisfiable(completeLength);
    }
    long first = Math.max(0, completeLength - suffixLength);
    return new Partial(new ByteRange(first, completeLength - 1, completeLength));
  }

  /** Digits beyond what a long holds still name a position: past any real end. */
  private static Optional<Long> number(String digits) {
    if (digits.isEmpty()) {
      return Optional.empty();
    }
    String trimmed = digits.replaceFirst("^0+(?=\\d)", "");
    return Optional.of(trimmed.length() > 18 ? Long.MAX_VALUE : Long.parseLong(trimmed));
  }
}
