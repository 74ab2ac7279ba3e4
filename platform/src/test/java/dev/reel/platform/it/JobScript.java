package dev.reel.platform.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * How the MediaConvert stand-in behaves for one source: the container its Probe reports (or a
 * 400 answer), then the job's state at each GET, the last one repeating: {@code SUBMITTED},
 * {@code PROGRESSING 40}, {@code COMPLETE}, {@code ERROR 1040 message}, or {@code THROTTLE}
 * (a 429 answer). On COMPLETE the stand-in writes its placeholders unless told not to.
 */
public record JobScript(JsonObject container, String probeRejection, List<String> states,
    boolean writesOutputs) {

  /** A source with one video track (and one stereo AAC track), completing at the first poll. */
  public static JobScript video(int width, int height, int fpsNum, int fpsDen, boolean audio,
      double seconds) {
    JsonArray tracks = new JsonArray().add(new JsonObject().put("index", 1)
        .put("trackType", "video").put("codec", "AVC").put("duration", seconds)
        .put("videoProperties", new JsonObject().put("width", width).put("height", height)
            .put("bitDepth", 8).put("frameRate", new JsonObject().put("numerator", fpsNum)
                .put("denominator", fpsDen))));
    if (audio) {
      tracks.add(new JsonObject().put("index", 2).put("trackType", "audio")
          .put("codec", "AAC").put("duration", seconds).put("audioProperties",
              new JsonObject().put("channels", 2).put("sampleRate", 48000)
                  .put("bitDepth", 16).put("languageCode", "und")));
    }
    return new JobScript(new JsonObject().put("duration", seconds).put("format", "mp4")
        .put("tracks", tracks), null, List.of("COMPLETE"), true);
  }

  public JobScript then(String... states) {
    return new JobScript(container, probeRejection, List.of(states), writesOutputs);
  }

  public JobScript probeRejected(String message) {
    return new JobScript(container, message, states, writesOutputs);
  }

  public JobScript withoutOutputs() {
    return new JobScript(container, probeRejection, states, false);
  }
}
