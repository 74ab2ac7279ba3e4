package dev.reel.transcode.ffmpeg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The timing of one fMP4 (CMAF) track as its boxes state it: the initialisation segment's
 * timescales and edit list, and the first fragment's decode time and samples. Read here, not
 * with ffmpeg, because ffmpeg's own reading of edit lists in fragments is one of the things
 * under test.
 */
record Fmp4Timing(long movieTimescale, long timescale, List<Edit> edits,
    long baseMediaDecodeTime, List<Sample> samples) {

  private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "edts", "mvex",
      "moof", "traf");

  /** One edit list entry; {@code mediaTime} -1 is an empty edit (a delay before the media). */
  record Edit(long segmentDuration, long mediaTime) {
  }

  /** Duration and composition offset in the track's timescale. */
  record Sample(long duration, long compositionOffset) {
  }

  static Fmp4Timing read(Path init, Path firstSegment) throws IOException {
    Boxes header = new Boxes(ByteBuffer.wrap(Files.readAllBytes(init)));
    Boxes fragment = new Boxes(ByteBuffer.wrap(Files.readAllBytes(firstSegment)));
    ByteBuffer mvhd = header.first("mvhd");
    ByteBuffer mdhd = header.first("mdhd");
    List<Edit> edits = new ArrayList<>();
    ByteBuffer elst = header.firstOrNull("elst");
    if (elst != null) {
      boolean wide = elst.get(0) == 1;
      int count = elst.getInt(4);
      for (int i = 0, at = 8; i < count; i++, at += wide ? 20 : 12) {
        edits.add(wide ? new Edit(elst.getLong(at), elst.getLong(at + 8))
            : new Edit(Integer.toUnsignedLong(elst.getInt(at)), elst.getInt(at + 4)));
      }
    }
    ByteBuffer tfdt = fragment.first("tfdt");
    long decodeTime = tfdt.get(0) == 1 ? tfdt.getLong(4) : Integer.toUnsignedLong(tfdt.getInt(4));
    return new Fmp4Timing(timescale(mvhd), timescale(mdhd), List.copyOf(edits), decodeTime,
        samples(fragment.first("trun"), defaultDuration(header, fragment)));
  }

  /**
   * When the first sample shown is presented, in seconds, by ISO/IEC 14496-12's edit list: empty
   * edits delay the track, the media edit's media time is shown at the end of that delay, and
   * what comes before it (AAC priming, say) is not shown at all.
   */
  double firstPresentedSeconds() {
    double delay = 0;
    long mediaTime = 0;
    for (Edit edit : edits) {
      if (edit.mediaTime() == -1) {
        delay += (double) edit.segmentDuration() / movieTimescale;
      } else {
        mediaTime = edit.mediaTime();
        break;
      }
    }
    return delay + Math.max(0, earliestCompositionTime() - mediaTime) / (double) timescale;
  }

  long earliestCompositionTime() {
    long decode = baseMediaDecodeTime;
    long earliest = Long.MAX_VALUE;
    for (Sample sample : samples) {
      earliest = Math.min(earliest, decode + sample.compositionOffset());
      decode += sample.duration();
    }
    return earliest;
  }

  private static long timescale(ByteBuffer fullBox) {
    return Integer.toUnsignedLong(fullBox.getInt(fullBox.get(0) == 1 ? 20 : 12));
  }

  private static long defaultDuration(Boxes header, Boxes fragment) {
    ByteBuffer tfhd = fragment.first("tfhd");
    int flags = tfhd.getInt(0) & 0xffffff;
    if ((flags & 0x08) != 0) {
      int at = 8 + ((flags & 0x01) != 0 ? 8 : 0) + ((flags & 0x02) != 0 ? 4 : 0);
      return Integer.toUnsignedLong(tfhd.getInt(at));
    }
    ByteBuffer trex = header.firstOrNull("trex");
    return trex == null ? 0 : Integer.toUnsignedLong(trex.getInt(12));
  }

  private static List<Sample> samples(ByteBuffer trun, long defaultDuration) {
    boolean signedOffsets = trun.get(0) == 1;
    int flags = trun.getInt(0) & 0xffffff;
    int count = trun.getInt(4);
    int at = 8 + ((flags & 0x01) != 0 ? 4 : 0) + ((flags & 0x04) != 0 ? 4 : 0);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long duration = defaultDuration;
      long offset = 0;
      if ((flags & 0x100) != 0) {
        duration = Integer.toUnsignedLong(trun.getInt(at));
        at += 4;
      }
      at += ((flags & 0x200) != 0 ? 4 : 0) + ((flags & 0x400) != 0 ? 4 : 0);
      if ((flags & 0x800) != 0) {
        int raw = trun.getInt(at);
        offset = signedOffsets ? raw : Integer.toUnsignedLong(raw);
        at += 4;
      }
      samples.add(new Sample(duration, offset));
    }
    return samples;
  }

  /** The boxes of one file, walked depth first; each body starts at position 0. */
  private record Boxes(ByteBuffer file) {

    ByteBuffer first(String type) {
      ByteBuffer box = firstOrNull(type);
      if (box == null) {
        throw new IllegalStateException("no " + type + " box");
      }
      return box;
    }

    ByteBuffer firstOrNull(String type) {
      return find(file.duplicate(), type);
    }

    private static ByteBuffer find(ByteBuffer in, String type) {
      while (in.remaining() >= 8) {
        int start = in.position();
        long size = Integer.toUnsignedLong(in.getInt());
        byte[] name = new byte[4];
        in.get(name);
        int header = 8;
        if (size == 1) {
          size = in.getLong();
          header = 16;
        } else if (size == 0) {
          size = in.limit() - start;
        }
        ByteBuffer body = in.duplicate().position(start + header).limit((int) (start + size))
            .slice();
        String found = new String(name, StandardCharsets.ISO_8859_1);
        if (found.equals(type)) {
          return body;
        }
        if (CONTAINERS.contains(found)) {
          ByteBuffer inner = find(body, type);
          if (inner != null) {
            return inner;
          }
        }
        in.position((int) (start + size));
      }
      return null;
    }
  }
}
