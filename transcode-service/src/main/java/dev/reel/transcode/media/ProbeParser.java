package dev.reel.transcode.media;

import dev.reel.transcode.job.JobFailure;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ffmpeg's description of its input (what {@code ffmpeg -i IN} prints to stderr, with
 * {@code LC_ALL=C}), so a probe needs no ffprobe. Only the {@code Input #0} block is read; the
 * first video stream that is not an attached picture and the first audio stream count.
 */
public final class ProbeParser {

  private static final Pattern CONTAINER = Pattern.compile("^Input #0, ([^ ]+), from ");
  private static final Pattern DURATION =
      Pattern.compile("^\\s*Duration: (?:(\\d+):(\\d+):(\\d+(?:\\.\\d+)?)|N/A)");
  private static final Pattern STREAM =
      Pattern.compile("^\\s*Stream #0:(\\d+)(?:\\[[^]]*])?(?:\\([^)]*\\))?: (Video|Audio|Data|"
          + "Subtitle|Attachment): ([^ ,]+)(.*)$");
  private static final Pattern PROGRAM = Pattern.compile("^\\s*(?:Program (\\d+)|No Program)");
  private static final Pattern SAR = Pattern.compile("\\[SAR (\\d+):(\\d+) DAR ");
  private static final Pattern SIZE = Pattern.compile(", (\\d{1,5})x(\\d{1,5})(?=[ ,]|$)");
  private static final Pattern FPS = Pattern.compile(", (\\d+(?:\\.\\d+)?)(k?) fps");
  private static final Pattern TBR = Pattern.compile(", (\\d+(?:\\.\\d+)?)(k?) tbr");
  private static final Pattern SAMPLE_RATE = Pattern.compile(", (\\d+) Hz");
  private static final Pattern ROTATION =
      Pattern.compile("displaymatrix: rotation of (-?\\d+(?:\\.\\d+)?) degrees");
  private static final Pattern ROTATE_TAG = Pattern.compile("^\\s*rotate\\s*: (-?\\d+)");
  /** A stats line's output time: {@code time=00:00:09.88}, negative at the very start. */
  private static final Pattern STATS_TIME =
      Pattern.compile("time=(-?)(\\d+):(\\d+):(\\d+(?:\\.\\d+)?)");
  /** ffmpeg prints times with {@code %.6g}: 2.08333e-05 for one sample at 48 kHz. */
  private static final Pattern FIRST_SOUND = Pattern.compile(
      "ashowinfo.*\\bn: *0 .*\\bpts_time: *(-?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?)");

  private ProbeParser() {
  }

  /**
   * @param stderr what ffmpeg printed
   * @param exitCode its exit status (a probe run with {@code -t 0 -f null -} exits 0 for media)
   * @throws JobFailure when the input is not media that can be transcoded
   */
  public static MediaProbe parse(String stderr, int exitCode) {
    if (exitCode > 128) {
      // Killed by a signal (the JDK reports 128 + its number): ffmpeg crashed, which says nothing
      // about the file (the bundled static 4.4.1 did so on every MPEG-TS input until StaticBuild).
      throw new JobFailure(JobFailure.ENCODE_FAILED, "ffmpeg crashed (signal " + (exitCode - 128)
          + ") reading the input; another ffmpeg build may read it (REEL_FFMPEG_PATH)", false);
    }
    String[] lines = stderr.split("\\R");
    String container = null;
    double duration = Double.NaN;
    // Every stream, by its index: a stream of several programs is listed under each.
    Map<Integer, Listed> streams = new TreeMap<>();
    boolean inInput = false;
    Integer program = null;
    Listed current = null;
    for (String line : lines) {
      Matcher input = CONTAINER.matcher(line);
      if (input.find()) {
        container = input.group(1);
        inInput = true;
        continue;
      }
      if (!inInput) {
        continue;
      }
      if (line.startsWith("Output #") || line.startsWith("Stream mapping")
          || line.startsWith("Input #1")) {
        break;
      }
      Matcher d = DURATION.matcher(line);
      if (d.find()) {
        if (d.group(1) != null) {
          duration = Integer.parseInt(d.group(1)) * 3600 + Integer.parseInt(d.group(2)) * 60
              + Double.parseDouble(d.group(3));
        }
        continue;
      }
      Matcher p = PROGRAM.matcher(line);
      if (p.find()) {
        program = p.group(1) == null ? null : Integer.valueOf(p.group(1));
        current = null;
        continue;
      }
      Matcher s = STREAM.matcher(line);
      if (s.find()) {
        int index = Integer.parseInt(s.group(1));
        current = streams.computeIfAbsent(index, i -> new Listed(i, s.group(2), s.group(3),
            s.group(4)));
        if (program != null) {
          current.programs.add(program);
        }
        continue;
      }
      if (current != null && current.kind.equals("Video")) {
        Matcher r = ROTATION.matcher(line);
        Matcher tag = ROTATE_TAG.matcher(line);
        if (r.find()) {
          current.rotation = (int) Math.round(Double.parseDouble(r.group(1)));
          current.rotationFromMatrix = true;
        } else if (tag.find() && !current.rotationFromMatrix) {
          // Older muxers keep the rotation as a tag; it turns the other way round.
          current.rotation = -Integer.parseInt(tag.group(1));
        }
      }
    }
    Listed videoStream = streams.values().stream()
        .filter(l -> l.kind.equals("Video") && !l.rest.contains("(attached pic)")
            && video(l) != null)
        .findFirst().orElse(null);
    MediaProbe.VideoStream video = videoStream == null ? null : video(videoStream);
    // In a transport stream of several programs, the sound of the picture's own program.
    MediaProbe.AudioStream audio = streams.values().stream()
        .filter(l -> l.kind.equals("Audio"))
        .sorted(Comparator.comparing((Listed l) -> videoStream == null
            || Collections.disjoint(l.programs, videoStream.programs)))
        .findFirst().map(ProbeParser::audio).orElse(null);
    if (container == null) {
      throw unrecognised(stderr);
    }
    if (video != null && isStillImage(container, video)) {
      throw new JobFailure(JobFailure.UNSUPPORTED_MEDIA,
          "a still image (" + video.codec() + "), not video or audio", false);
    }
    if (video == null && audio == null && stderr.contains("detected only with low score")) {
      // ffmpeg only guessed the container, and the guess found nothing in it (the first 2000
      // bytes of a transport stream, read as MPEG program stream): not "a file without streams".
      throw new JobFailure(JobFailure.UNSUPPORTED_MEDIA, "not a media format ffmpeg can "
          + "recognise (it guessed " + container + " and found no stream in it); a file cut "
          + "short, or not media", false);
    }
    if (video == null && audio == null) {
      throw new JobFailure(JobFailure.NO_VIDEO_STREAM,
          "the file has neither a video nor an audio stream", false);
    }
    if (exitCode != 0) {
      throw new JobFailure(JobFailure.CORRUPT_INPUT,
          "ffmpeg could not read the input: " + lastLines(stderr, 3), false);
    }
    if (!(duration > 0)) {
      throw new JobFailure(JobFailure.CORRUPT_INPUT,
          "the input has no duration (truncated or still being written?)", false);
    }
    return new MediaProbe(container, duration, Optional.ofNullable(video),
        Optional.ofNullable(audio));
  }

  /**
   * When the first audio frame is on the source's timeline, from what {@code ashowinfo} printed
   * for it (see {@code FfmpegBackend.probe}); 0 when it printed no time, as for audio whose
   * start ffmpeg cannot tell, which then keeps the timestamps it has.
   */
  public static double audioStart(String stderr) {
    Matcher m = FIRST_SOUND.matcher(stderr);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /**
   * How far a run that read its input through got on the output's timeline, from the last
   * stats line ffmpeg printed; NaN when it printed none.
   */
  public static double readThrough(String stderr) {
    Matcher m = STATS_TIME.matcher(stderr);
    double last = Double.NaN;
    while (m.find()) {
      double seconds = Integer.parseInt(m.group(2)) * 3600 + Integer.parseInt(m.group(3)) * 60
          + Double.parseDouble(m.group(4));
      last = m.group(1).isEmpty() ? seconds : -seconds;
    }
    return last;
  }

  private static JobFailure unrecognised(String stderr) {
    String tail = lastLines(stderr, 1);
    String lower = stderr.toLowerCase(Locale.ROOT);
    // A file that merely looks a little like a container is "detected only with low score";
    // one that really is that container but lost its index or end is damaged.
    boolean misdetected = lower.contains("low score");
    if (!misdetected && (lower.contains("moov atom not found") || lower.contains("truncat")
        || lower.contains("end of file"))) {
      return new JobFailure(JobFailure.CORRUPT_INPUT,
          "the container is damaged or incomplete: " + tail, false);
    }
    return new JobFailure(JobFailure.UNSUPPORTED_MEDIA,
        "not a media format ffmpeg can read: " + tail, false);
  }

  private static boolean isStillImage(String container, MediaProbe.VideoStream video) {
    return container.endsWith("_pipe") || container.equals("image2")
        || container.equals("png") || container.equals("jpeg");
  }

  private static MediaProbe.VideoStream video(Listed stream) {
    Matcher size = SIZE.matcher(stream.rest);
    if (!size.find()) {
      return null;
    }
    int width = Integer.parseInt(size.group(1));
    int height = Integer.parseInt(size.group(2));
    double fps = rate(FPS.matcher(stream.rest));
    if (Double.isNaN(fps)) {
      fps = rate(TBR.matcher(stream.rest));
    }
    Matcher sar = SAR.matcher(stream.rest);
    double pixelAspect = 1;
    if (sar.find() && Integer.parseInt(sar.group(1)) > 0 && Integer.parseInt(sar.group(2)) > 0) {
      // 0:1 is "unknown": square, as players take it.
      pixelAspect = Double.parseDouble(sar.group(1)) / Double.parseDouble(sar.group(2));
    }
    return new MediaProbe.VideoStream(stream.codec, width, height, Double.isNaN(fps) ? 25 : fps,
        stream.rotation, pixelAspect, stream.index);
  }

  private static double rate(Matcher matcher) {
    if (!matcher.find()) {
      return Double.NaN;
    }
    double value = Double.parseDouble(matcher.group(1));
    return matcher.group(2).isEmpty() ? value : value * 1000;
  }

  private static MediaProbe.AudioStream audio(Listed stream) {
    String rest = stream.rest;
    Matcher rate = SAMPLE_RATE.matcher(rest);
    int sampleRate = rate.find() ? Integer.parseInt(rate.group(1)) : 48000;
    int channels = 2;
    if (rest.contains(", mono")) {
      channels = 1;
    } else if (rest.contains("5.1") || rest.contains("7.1")) {
      channels = 6;
    }
    return new MediaProbe.AudioStream(stream.codec, sampleRate, channels, 0, stream.index);
  }

  static String lastLines(String text, int count) {
    String[] lines = text.strip().split("\\R");
    StringBuilder out = new StringBuilder();
    for (int i = Math.max(0, lines.length - count); i < lines.length; i++) {
      if (out.length() > 0) {
        out.append(" | ");
      }
      out.append(lines[i].strip());
    }
    String result = out.toString();
    return result.length() > 500 ? result.substring(result.length() - 500) : result;
  }

  /** One stream of the input as ffmpeg listed it, with what the lines after it said. */
  private static final class Listed {
    final int index;
    final String kind;
    final String codec;
    final String rest;
    final Set<Integer> programs = new HashSet<>();
    int rotation;
    boolean rotationFromMatrix;

    Listed(int index, String kind, String codec, String rest) {
      this.index = index;
      this.kind = kind;
      this.codec = codec;
      this.rest = rest;
    }
  }
}
