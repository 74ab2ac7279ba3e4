package dev.reel.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.transcode.media.MediaProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled static ffmpeg reading MPEG-TS, as cameras, OBS and broadcast captures write it.
 * Its static glibc used to load the host's iconv modules for the DVB service names and crash
 * (signal 11) on every transport stream. Always the bundled build here, whatever is on PATH:
 * it is the one that crashed.
 */
class StaticBuildTest {

  private static FfmpegRun bundled;

  @BeforeAll
  static void unpack() {
    bundled = new FfmpegRun(FfmpegBinary.bundled(Path.of("target", "ffmpeg")));
  }

  @Test
  @DisplayName("the bundled build is static; the JVM's launcher, a script and a stub are not")
  void tellsStaticBuilds(@TempDir Path dir) throws IOException {
    assertTrue(StaticBuild.isStatic(bundled.binary()));
    Map<String, String> environment = StaticBuild.environment(bundled.binary());
    assertEquals(List.of("GCONV_PATH"), List.copyOf(environment.keySet()));
    assertTrue(Files.readString(Path.of(environment.get("GCONV_PATH"), "gconv-modules"))
        .contains("alias\tISO6937//\tREEL-DECLINED//"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    assertFalse(StaticBuild.isStatic(java), "the JVM's launcher is linked dynamically");
    assertEquals(Map.of(), StaticBuild.environment(java));
    Path script = Files.writeString(dir.resolve("ffmpeg"), "#!/bin/sh\nexec ffmpeg \"$@\"\n");
    assertFalse(StaticBuild.isStatic(script));
    Path stub = Files.write(dir.resolve("stub"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1});
    assertFalse(StaticBuild.isStatic(stub));
    assertFalse(StaticBuild.isStatic(dir.resolve("missing")));
  }

  /**
   * A transport stream whose service is named plainly (converted from ISO 6937, a module outside
   * glibc's basic set), in ISO-8859-15 (first byte 0x0B, a module in the basic set) and in
   * ISO-8859-5 (0x01): each is probed and decoded to its end.
   */
  @ParameterizedTest(name = "service name {0}")
  @ValueSource(strings = {"Reel", "\u000bReel", "\u0001Reel"})
  void readsTransportStreams(String serviceName, @TempDir Path dir) throws Exception {
    Path ts = dir.resolve("capture.ts");
    FfmpegRun.Result written = bundled.run(List.of("-f", "lavfi", "-i",
        "testsrc=size=160x120:rate=25", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "1",
        "-c:v", "libx264", "-c:a", "aac", "-metadata", "service_name=" + serviceName,
        "-metadata", "service_provider=" + serviceName, "-f", "mpegts", ts.toString()), 0,
        null);
    assertTrue(written.ok(), written.stderr());

    MediaProbe probe = FfmpegBackend.probe(bundled, ts);
    assertEquals("mpegts", probe.container());
    assertEquals(160, probe.video().orElseThrow().displayWidth());
    assertEquals("aac", probe.audio().orElseThrow().codec());
    FfmpegRun.Result decoded = bundled.run(List.of("-i", ts.toString(), "-f", "null", "-"), 0,
        null);
    assertTrue(decoded.ok(), "exit " + decoded.exitCode() + ": " + decoded.stderr());
    assertTrue(decoded.stderr().contains("frame=   25"), decoded.stderr());
  }

  /**
   * A service keeps its ffmpeg for weeks, and a temporary files cleaner may take away the
   * directory {@code GCONV_PATH} names meanwhile; pointed at nothing, the static build loads the
   * host's modules again and crashes (a name in ISO-8859-15, a module in the host's basic set).
   */
  @Test
  @DisplayName("after the gconv directory is taken away, the same ffmpeg still reads MPEG-TS")
  void gconvDirectoryTakenAway(@TempDir Path dir) throws Exception {
    FfmpegRun ffmpeg = new FfmpegRun(bundled.binary());
    Path ts = dir.resolve("capture.ts");
    FfmpegRun.Result written = ffmpeg.run(List.of("-f", "lavfi", "-i",
        "testsrc=size=160x120:rate=25", "-t", "1", "-c:v", "libx264", "-metadata",
        "service_name=\u000bReel", "-f", "mpegts", ts.toString()), 0, null);
    assertTrue(written.ok(), written.stderr());
    Path gconv = Path.of(StaticBuild.environment(bundled.binary()).get("GCONV_PATH"));
    try (Stream<Path> files = Files.list(gconv)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(gconv);

    FfmpegRun.Result decoded = ffmpeg.run(List.of("-i", ts.toString(), "-f", "null", "-"), 0,
        null);
    assertTrue(decoded.ok(), "exit " + decoded.exitCode() + ": " + decoded.stderr());
    assertTrue(decoded.stderr().contains("frame=   25"), decoded.stderr());
  }

  /**
   * Two recordings joined with {@code cat}, the second's clock starting again: ffmpeg's
   * description says 4.02 s (it takes the first and the last timestamps); the encode, the
   * storyboard and the progress need the 10 s there are.
   */
  @Test
  @DisplayName("a transport stream joined from two recordings lasts as long as both")
  void joinedTransportStreams(@TempDir Path dir) throws Exception {
    Path joined = dir.resolve("joined.ts");
    for (int seconds : new int[] {6, 4}) {
      Path part = dir.resolve(seconds + ".ts");
      FfmpegRun.Result written = bundled.run(List.of("-f", "lavfi", "-i",
          "testsrc=size=160x120:rate=25", "-f", "lavfi", "-i", "sine=frequency=440", "-t",
          String.valueOf(seconds), "-c:v", "libx264", "-c:a", "aac", "-f", "mpegts",
          part.toString()), 0, null);
      assertTrue(written.ok(), written.stderr());
      Files.write(joined, Files.readAllBytes(part), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }

    assertEquals(10.0, FfmpegBackend.probe(bundled, joined).durationSeconds(), 0.1);
    assertEquals(6.0, FfmpegBackend.probe(bundled, dir.resolve("6.ts")).durationSeconds(), 0.1);
  }
}
