package dev.reel.transcode.ffmpeg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a statically linked ffmpeg (the bundled 4.4.1, or a static build an operator names) needs
 * from its environment to read MPEG-TS without crashing.
 *
 * <p>The MPEG-TS demuxer turns every DVB service and provider name into UTF-8 with iconv, from
 * ISO 6937 unless the name says otherwise. In a static glibc, iconv loads the conversion from the
 * host's own gconv modules, shared libraries built against the host's libc: the process then
 * crashes (signal 11) on the first transport stream it opens. {@code GCONV_PATH} names a
 * directory of ours whose {@code gconv-modules} is read before the host's: it maps every
 * character set that demuxer asks for to a module that does not exist, so iconv declines and
 * ffmpeg keeps the name's bytes as they are. Only those names are affected; the media is not.
 */
final class StaticBuild {

  /** The character sets ffmpeg 4.4's MPEG-TS demuxer converts DVB names from. */
  private static final List<String> DVB_CHARSETS = List.of("ISO6937", "ISO_6937",
      "ISO-8859-1", "ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-5", "ISO-8859-6",
      "ISO-8859-7", "ISO-8859-8", "ISO-8859-9", "ISO-8859-10", "ISO-8859-11", "ISO-8859-13",
      "ISO-8859-14", "ISO-8859-15", "UCS-2BE", "KSC_5601", "GB2312");
  private static final int PT_INTERP = 3;
  private static Path declined;

  private StaticBuild() {
  }

  /** The variables to run {@code binary} with: none unless it is a static build. */
  static Map<String, String> environment(Path binary) {
    return isStatic(binary) ? Map.of("GCONV_PATH", declining().toString()) : Map.of();
  }

  /**
   * Whether {@code binary} is an ELF executable without a program interpreter, so linked
   * statically. Anything else (a script, a dynamically linked build, an unreadable file) is not.
   */
  static boolean isStatic(Path binary) {
    try (FileChannel file = FileChannel.open(binary)) {
      ByteBuffer header = read(file, 0, 64);
      if (header.remaining() < 64 || header.getInt(0) != 0x7f454c46 || header.get(4) != 2) {
        return false;
      }
      ByteOrder order = header.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      header.order(order);
      long tableAt = header.getLong(0x20);
      int entrySize = Short.toUnsignedInt(header.getShort(0x36));
      int entries = Short.toUnsignedInt(header.getShort(0x38));
      ByteBuffer table = read(file, tableAt, entrySize * entries).order(order);
      for (int entry = 0; entry < entries; entry++) {
        if (table.getInt(entry * entrySize) == PT_INTERP) {
          return false;
        }
      }
      return entries > 0;
    } catch (IOException | IndexOutOfBoundsException e) {
      return false;
    }
  }

  private static ByteBuffer read(FileChannel file, long at, int length) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(length);
    while (bytes.hasRemaining() && file.read(bytes, at + bytes.position()) > 0) {
      // until full or at the end
    }
    return bytes.flip();
  }

  /**
   * The directory of the declining {@code gconv-modules}: written once per process, and again if
   * something (a temporary files cleaner) took it away since.
   */
  private static synchronized Path declining() {
    if (declined != null && Files.isRegularFile(declined.resolve("gconv-modules"))) {
      return declined;
    }
    try {
      Path dir = Files.createTempDirectory("reel-gconv");
      dir.toFile().deleteOnExit();
      Path modules = dir.resolve("gconv-modules");
      Files.writeString(modules, DVB_CHARSETS.stream()
          .map(charset -> "alias\t" + charset + "//\tREEL-DECLINED//\n")
          .collect(Collectors.joining("", "", "module\tREEL-DECLINED//\tINTERNAL\t"
              + "reel-declined\t1\nmodule\tINTERNAL\tREEL-DECLINED//\treel-declined\t1\n")));
      modules.toFile().deleteOnExit();
      declined = dir;
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the gconv-modules for a static ffmpeg", e);
    }
  }
}
