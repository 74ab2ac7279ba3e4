package dev.reel.delivery.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code Range} header asks of a body of known length, under RFC 9110 section 14.
 *
 * <ul>
 *   <li>A header that is absent, not in the {@code bytes} unit, or syntactically invalid in any
 *       of its ranges is ignored: the whole body is served with 200.
 *   <li>Ranges that start at or past the end are dropped; when none is left the answer is 416.
 *   <li>The ranges left are coalesced where they overlap or touch (section 14.2 allows it), so
 *       no byte is sent twice. One range left is a plain 206; several are a {@code
 *       multipart/byteranges} 206, in the order they were asked for.
 *   <li>More than {@link #MAX_PARTS} ranges after coalescing, or more than {@link #MAX_SPECS}
 *       in the header, are ignored as section 14.2 allows: the whole body with 200. A player
 *       never asks for that many; a client that does is better served by one plain stream than
 *       by a response that is mostly part headers, and it costs the origin one fetch, not
 *       dozens.
 * </ul>
 */
public sealed interface RangeRequest {

  /** The most parts a multipart answer has; more ranges than this get the whole body. */
  int MAX_PARTS = 16;
  /** The most ranges a header may list (before coalescing) to be read at all. */
  int MAX_SPECS = 100;

  /** Serve the whole body with 200. */
  record Whole() implements RangeRequest {
  }

  /** Serve these bytes with 206. */
  record Partial(ByteRange range) implements RangeRequest {
  }

  /**
   * Serve these ranges (at least two, none overlapping or touching another) as a 206 {@code
   * multipart/byteranges}, in this order.
   */
  record Multiple(List<ByteRange> ranges) implements RangeRequest {
    public Multiple {
      ranges = List.copyOf(ranges);
      if (ranges.size() < 2) {
        throw new IllegalArgumentException("a multipart answer has at least two parts");
      }
    }
  }

  /** Answer 416 with {@code Content-Range: bytes *}{@code /length}. */
  record Unsatisfiable(long completeLength) implements RangeRequest {
    public String contentRange() {
      return "bytes */" + completeLength;
    }
  }

  /** first-pos "-" [ last-pos ], or "-" suffix-length; ASCII digits only. */
  Pattern RANGE_SPEC = Pattern.compile("([0-9]*)-([0-9]*)");

  /**
   * What the {@code Range} field lines of a request ask. {@code Range} is a single-value field
   * (RFC 9110 section 14.2): a request with more than one line of it has no valid Range, and an
   * invalid Range is ignored, so it gets the whole body rather than whichever line came first.
   */
  static RangeRequest parseLines(List<String> fieldLines, long completeLength) {
    return fieldLines.size() > 1 ? new Whole()
        : parse(fieldLines.isEmpty() ? null : fieldLines.get(0), completeLength);
  }

  static RangeRequest parse(String header, long completeLength) {
    if (header == null) {
      return new Whole();
    }
    RangeRequest simple = simple(header, completeLength);
    if (simple != null) {
      return simple;
    }
    String value = header.trim();
    int equals = value.indexOf('=');
    if (equals < 0 || !value.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
      return new Whole();
    }
    Optional<List<ByteRange>> satisfiable = satisfiableRanges(value.substring(equals + 1),
        completeLength);
    if (satisfiable.isEmpty()) {
      return new Whole();
    }
    List<ByteRange> ranges = ByteRange.coalesce(satisfiable.get());
    if (ranges.isEmpty()) {
      return new Unsatisfiable(completeLength);
    }
    if (ranges.size() == 1) {
      return new Partial(ranges.get(0));
    }
    return ranges.size() > MAX_PARTS ? new Whole() : new Multiple(ranges);
  }

  /**
   * What a player sends nearly every time, {@code bytes=first-last} with both positions, short
   * digits and nothing else, answered without the general parse's lists and regular expression;
   * null for anything else, which the general parse reads. The same answer as that parse.
   */
  private static RangeRequest simple(String header, long completeLength) {
    if (!header.startsWith("bytes=")) {
      return null;
    }
    int dash = header.indexOf('-', 6);
    if (dash < 7 || dash + 1 >= header.length() || dash - 6 > 18
        || header.length() - dash - 1 > 18) {
      return null;
    }
    long first = digits(header, 6, dash);
    long last = digits(header, dash + 1, header.length());
    if (first < 0 || last < 0 || last < first) {
      return null;
    }
    return first >= completeLength ? new Unsatisfiable(completeLength)
        : new Partial(new ByteRange(first, Math.min(last, completeLength - 1), completeLength));
  }

  /** The number that ASCII digits from {@code start} to {@code end} write, or -1. */
  private static long digits(String text, int start, int end) {
    long value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * The satisfiable ranges of a range set, in the order listed; empty when the set is to be
   * ignored (invalid syntax anywhere, or too many ranges). Empty list elements are skipped, as
   * RFC 9110 section 5.6.1.2 asks of a recipient.
   */
  private static Optional<List<ByteRange>> satisfiableRanges(String rangeSet,
      long completeLength) {
    List<String> specs = new ArrayList<>();
    for (String element : rangeSet.split(",", -1)) {
      String spec = element.trim();
      if (!spec.isEmpty()) {
        specs.add(spec);
      }
    }
    if (specs.isEmpty() || specs.size() > MAX_SPECS) {
      return Optional.empty();
    }
    List<ByteRange> satisfiable = new ArrayList<>();
    for (String spec : specs) {
      Matcher m = RANGE_SPEC.matcher(spec);
      if (!m.matches()) {
        return Optional.empty();
      }
      String firstDigits = m.group(1);
      String lastDigits = m.group(2);
      if (firstDigits.isEmpty() && lastDigits.isEmpty()) {
        return Optional.empty();
      }
      Optional<Long> first = number(firstDigits);
      Optional<Long> last = number(lastDigits);
      if (first.isPresent() && last.isPresent() && compareDigits(lastDigits, firstDigits) < 0) {
        return Optional.empty();
      }
      resolve(first, last, completeLength).ifPresent(satisfiable::add);
    }
    return Optional.of(satisfiable);
  }

  /** The bytes one valid range names in a body of this length, if it names any. */
  private static Optional<ByteRange> resolve(Optional<Long> first, Optional<Long> last,
      long completeLength) {
    if (first.isEmpty()) {
      long suffixLength = last.orElseThrow();
      if (suffixLength == 0 || completeLength == 0) {
        return Optional.empty();
      }
      return Optional.of(new ByteRange(Math.max(0, completeLength - suffixLength),
          completeLength - 1, completeLength));
    }
    if (first.get() >= completeLength) {
      return Optional.empty();
    }
    long end = Math.min(last.orElse(Long.MAX_VALUE), completeLength - 1);
    return Optional.of(new ByteRange(first.get(), end, completeLength));
  }

  /**
   * Compares two numbers written in ASCII digits, however long: positions past what a long holds
   * are all one value to {@link #number}, but {@code last < first} must still see which is less.
   */
  static int compareDigits(String a, String b) {
    int i = firstSignificant(a);
    int j = firstSignificant(b);
    int byLength = Integer.compare(a.length() - i, b.length() - j);
    if (byLength != 0) {
      return byLength;
    }
    for (; i < a.length(); i++, j++) {
      int byDigit = Character.compare(a.charAt(i), b.charAt(j));
      if (byDigit != 0) {
        return byDigit;
      }
    }
    return 0;
  }

  /** Where the digits start once leading zeros are dropped (the last digit kept for "0"). */
  private static int firstSignificant(String digits) {
    int start = 0;
    while (start < digits.length() - 1 && digits.charAt(start) == '0') {
      start++;
    }
    return start;
  }

  /** Digits beyond what a long holds still name a position: past any real end. */
  private static Optional<Long> number(String digits) {
    if (digits.isEmpty()) {
      return Optional.empty();
    }
    // Leading zeros dropped by hand: this runs on every ranged request, and a regular
    // expression here was compiled anew each time.
    int start = firstSignificant(digits);
    return Optional.of(digits.length() - start > 18 ? Long.MAX_VALUE
        : Long.parseLong(digits, start, digits.length(), 10));
  }
}
