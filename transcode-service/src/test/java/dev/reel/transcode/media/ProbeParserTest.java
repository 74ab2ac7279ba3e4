package dev.reel.transcode.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.transcode.job.JobFailure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** ffmpeg's own descriptions of real inputs (ffmpeg 4.4 and 5.1, {@code LC_ALL=C}). */
class ProbeParserTest {

  private static final String MP4 = """
      Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'src.mp4':
        Metadata:
          major_brand     : isom
          encoder         : Lavf58.76.100
        Duration: 00:00:10.00, start: 0.000000, bitrate: 15528 kb/s
        Stream #0:0(und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), yuv420p, \
      1920x1080 [SAR 1:1 DAR 16:9], 15452 kb/s, 29.97 fps, 29.97 tbr, 15360 tbn, 60 tbc (default)
          Metadata:
            handler_name    : VideoHandler
        Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, mono, fltp, 67 kb/s \
      (default)
      Stream mapping:
        Stream #0:0 -> #0:0 (h264 (native) -> wrapped_avframe (native))
      Output #0, null, to 'pipe:':
        Stream #0:0: Video: wrapped_avframe, yuv420p, 1280x720, q=2-31, 200 kb/s, 30 fps
      """;

  private static final String ROTATED = """
      Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'rot.mp4':
        Duration: 00:00:01.00, start: 0.000000, bitrate: 1756 kb/s
        Stream #0:0(und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), yuv420p, \
      640x360 [SAR 1:1 DAR 16:9], 1748 kb/s, 25 fps, 25 tbr, 12800 tbn, 50 tbc (default)
          Metadata:
            rotate          : 270
            handler_name    : VideoHandler
          Side data:
            displaymatrix: rotation of 90.00 degrees
      Stream mapping:
      """;

  private static final String MP3_WITH_COVER = """
      Input #0, mp3, from 'a.mp3':
        Duration: 00:03:01.04, start: 0.025057, bitrate: 65 kb/s
        Stream #0:0: Audio: mp3, 44100 Hz, stereo, fltp, 64 kb/s
        Stream #0:1: Video: mjpeg (Baseline), yuvj420p(pc), 500x500, 90k tbr, 90k tbn \
      (attached pic)
      Stream mapping:
      """;

  @Test
  @DisplayName("an MP4 with video and audio: duration, size, NTSC frame rate, channels")
  void mp4() {
    MediaProbe probe = ProbeParser.parse(MP4, 0);
    assertEquals(10.0, probe.durationSeconds(), 1e-9);
    MediaProbe.VideoStream video = probe.video().orElseThrow();
    assertEquals(1920, video.displayWidth());
    assertEquals(1080, video.displayHeight());
    assertEquals(29.97, video.frameRate(), 1e-9);
    assertEquals("h264", video.codec());
    MediaProbe.AudioStream audio = probe.audio().orElseThrow();
    assertEquals(48000, audio.sampleRate());
    assertEquals(1, audio.channels());
  }

  @Test
  @DisplayName("the codec tag 0x31637661 is not read as a frame size")
  void codecTagIsNotASize() {
    assertEquals(1920, ProbeParser.parse(MP4, 0).video().orElseThrow().codedWidth());
  }

  @Test
  @DisplayName("a quarter-turn display matrix swaps the displayed width and height")
  void rotation() {
    MediaProbe.VideoStream video = ProbeParser.parse(ROTATED, 0).video().orElseThrow();
    assertEquals(90, video.rotation());
    assertEquals(360, video.displayWidth());
    assertEquals(640, video.displayHeight());
  }

  @Test
  @DisplayName("cover art in an MP3 is not video: the file is audio-only")
  void coverArtIsNotVideo() {
    MediaProbe probe = ProbeParser.parse(MP3_WITH_COVER, 0);
    assertFalse(probe.video().isPresent());
    assertEquals(2, probe.audio().orElseThrow().channels());
    assertEquals(181.04, probe.durationSeconds(), 1e-9);
  }

  @Test
  @DisplayName("text that ffmpeg only half-recognises is UNSUPPORTED_MEDIA, not retryable")
  void textIsUnsupported() {
    JobFailure failure = assertThrows(JobFailure.class, () -> ProbeParser.parse("""
        [mov,mp4,m4a,3gp,3g2,mj2 @ 0x1f4eccc0] Format mov,mp4,m4a,3gp,3g2,mj2 detected only \
        with low score of 1, misdetection possible!
        [mov,mp4,m4a,3gp,3g2,mj2 @ 0x1f4eccc0] moov atom not found
        t.mp4: Invalid data found when processing input
        """, 1));
    assertEquals(JobFailure.UNSUPPORTED_MEDIA, failure.reasonCode());
    assertFalse(failure.retryable());
  }

  @Test
  @DisplayName("a real MP4 that lost its index is CORRUPT_INPUT")
  void truncatedIsCorrupt() {
    JobFailure failure = assertThrows(JobFailure.class, () -> ProbeParser.parse("""
        [mov,mp4,m4a,3gp,3g2,mj2 @ 0x1a21acc0] moov atom not found
        trunc.mp4: Invalid data found when processing input
        """, 1));
    assertEquals(JobFailure.CORRUPT_INPUT, failure.reasonCode());
  }

  @Test
  @DisplayName("a still image is UNSUPPORTED_MEDIA; a file without streams is NO_VIDEO_STREAM")
  void stillImageAndNoStreams() {
    JobFailure image = assertThrows(JobFailure.class, () -> ProbeParser.parse("""
        Input #0, png_pipe, from 'a.png':
          Duration: N/A, bitrate: N/A
          Stream #0:0: Video: png, rgb24(pc), 64x64, 25 tbr, 25 tbn, 25 tbc
        """, 0));
    assertEquals(JobFailure.UNSUPPORTED_MEDIA, image.reasonCode());
    assertTrue(image.getMessage().contains("still image"), image.getMessage());
    JobFailure empty = assertThrows(JobFailure.class, () -> ProbeParser.parse("""
        Input #0, mpegts, from 'empty.ts':
          Duration: 00:00:01.00, start: 1.4, bitrate: 0 kb/s
          Stream #0:0[0x100]: Data: bin_data ([6][0][0][0] / 0x0006)
        """, 0));
    assertEquals(JobFailure.NO_VIDEO_STREAM, empty.reasonCode());
  }

  @Test
  @DisplayName("an ffmpeg that crashed (killed by a signal) is said to have crashed: the file may "
      + "be fine, and is not called unsupported")
  void crashedProbe() {
    JobFailure crashed = assertThrows(JobFailure.class, () -> ProbeParser.parse(
        "ffmpeg version 4.4.1-static Copyright (c) 2000-2021 the FFmpeg developers\n", 139));
    assertEquals(JobFailure.ENCODE_FAILED, crashed.reasonCode());
    assertTrue(crashed.getMessage().contains("crashed (signal 11)"), crashed.getMessage());
  }

  @Test
  @DisplayName("the audio's start is the first frame's time as ashowinfo prints it, else 0")
  void audioStart() {
    assertEquals(0.156, ProbeParser.audioStart("""
        Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'late.mp4':
          Duration: 00:00:04.18, start: 0.000000, bitrate: 269 kb/s
        [Parsed_ashowinfo_0 @ 0x2ec5e6c0] n:0 pts:7488 pts_time:0.156 pos:10322 fmt:fltp \
        channels:2 chlayout:stereo rate:48000 nb_samples:1024 checksum:00000000
        """), 1e-9);
    assertEquals(2.08333e-05, ProbeParser.audioStart(
        "[Parsed_ashowinfo_0 @ 0x1] n:0 pts:1 pts_time:2.08333e-05 pos:72 fmt:fltp"), 1e-12);
    assertEquals(0, ProbeParser.audioStart(
        "[Parsed_ashowinfo_0 @ 0x1] n:0 pts:NOPTS pts_time:NOPTS pos:72 fmt:fltp"));
    assertEquals(0, ProbeParser.audioStart("sample.mp4: Invalid data found"));
  }

  @Test
  @DisplayName("a transport stream of a radio and a TV programme: the picture, and the sound of "
      + "its own programme, by their stream numbers")
  void programmes() {
    MediaProbe probe = ProbeParser.parse("""
        Input #0, mpegts, from 'c5b.ts':
          Duration: 00:00:06.02, start: 1.456778, bitrate: 858 kb/s
          Program 1\s
            Metadata:
              service_name    : Radio
              service_provider: FFmpeg
          Stream #0:0[0x100]: Audio: aac (LC) ([15][0][0][0] / 0x000F), 44100 Hz, stereo, \
        fltp, 87 kb/s
          Program 2\s
            Metadata:
              service_name    : TV
              service_provider: FFmpeg
          Stream #0:1[0x101]: Video: h264 (High) ([27][0][0][0] / 0x001B), \
        yuv420p(progressive), 640x360 [SAR 1:1 DAR 16:9], 25 fps, 25 tbr, 90k tbn, 50 tbc
          Stream #0:2[0x102]: Audio: aac (LC) ([15][0][0][0] / 0x000F), 48000 Hz, stereo, \
        fltp, 19 kb/s
        At least one output file must be specified
        """, 0);
    assertEquals("0:1", probe.video().orElseThrow().specifier());
    assertEquals("0:2", probe.audio().orElseThrow().specifier());
    assertEquals(48000, probe.audio().orElseThrow().sampleRate());
    // Without programmes, the first of each, as before.
    MediaProbe plain = ProbeParser.parse(MP4, 0);
    assertEquals("0:0", plain.video().orElseThrow().specifier());
    assertEquals("0:1", plain.audio().orElseThrow().specifier());
    assertEquals("0:0", ProbeParser.parse(MP3_WITH_COVER, 0).audio().orElseThrow().specifier());
  }

  @Test
  @DisplayName("non-square pixels (PAL DVB's 720x576 at 16:9) are shown as wide as players "
      + "stretch them")
  void pixelAspect() {
    MediaProbe.VideoStream video = ProbeParser.parse("""
        Input #0, mpegts, from 'c11.ts':
          Duration: 00:00:04.01, start: 1.429978, bitrate: 3754 kb/s
          Program 1\s
            Metadata:
              service_name    : Service01
          Stream #0:0[0x100]: Video: mpeg2video (Main) ([2][0][0][0] / 0x0002), \
        yuv420p(tv, progressive), 720x576 [SAR 64:45 DAR 16:9], 25 fps, 25 tbr, 90k tbn, 50 tbc
            Side data:
              cpb: bitrate max/min/avg: 0/0/0 buffer size: 851968 vbv_delay: N/A
          Stream #0:1[0x101]: Audio: mp2 ([3][0][0][0] / 0x0003), 48000 Hz, stereo, fltp, \
        384 kb/s
        At least one output file must be specified
        """, 0).video().orElseThrow();
    assertEquals(720, video.codedWidth());
    assertEquals(1024, video.displayWidth());
    assertEquals(576, video.displayHeight());
    MediaProbe.VideoStream turned = new MediaProbe.VideoStream("h264", 1440, 1080, 25, 90,
        4.0 / 3, 0);
    assertEquals(1080, turned.displayWidth());
    assertEquals(1920, turned.displayHeight());
    assertEquals(640, ProbeParser.parse(ROTATED, 0).video().orElseThrow().displayHeight());
  }

  @Test
  @DisplayName("a container ffmpeg only guessed, with no stream in it, is not called a file "
      + "without streams")
  void guessedContainer() {
    JobFailure guessed = assertThrows(JobFailure.class, () -> ProbeParser.parse("""
        [mpeg @ 0x9cfbcc0] Format mpeg detected only with low score of 25, misdetection possible!
        Input #0, mpeg, from 'c8b.ts':
          Duration: N/A, bitrate: N/A
        Output #0, null, to 'pipe:':
        Output file #0 does not contain any stream
        """, 1));
    assertEquals(JobFailure.UNSUPPORTED_MEDIA, guessed.reasonCode());
    assertTrue(guessed.getMessage().contains("guessed mpeg"), guessed.getMessage());
  }

  @Test
  @DisplayName("a read-through's length is its last stats line's time; none printed is NaN")
  void readThrough() {
    String stderr = "Output #0, null, to 'pipe:':\n"
        + "frame=    1 fps=0.0 q=-1.0 size=N/A time=-00:00:00.04 bitrate=N/A speed=N/A\r"
        + "frame=  120 fps=0.0 q=-1.0 size=N/A time=00:00:04.76 bitrate=N/A speed=952x\r"
        + "frame=  250 fps=0.0 q=-1.0 Lsize=N/A time=00:01:09.96 bitrate=N/A speed=1.1e+03x\n"
        + "video:412kB audio:0kB subtitle:0kB other streams:0kB global headers:0kB\n";

    assertEquals(69.96, ProbeParser.readThrough(stderr), 1e-9);
    assertEquals(-0.04, ProbeParser.readThrough(stderr.substring(0, stderr.indexOf('\r'))),
        1e-9);
    assertTrue(Double.isNaN(ProbeParser.readThrough("pipe:: Invalid argument\n")));
  }
}
