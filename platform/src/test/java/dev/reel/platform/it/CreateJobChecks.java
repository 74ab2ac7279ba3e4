package dev.reel.platform.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the MediaConvert stand-in checks in a {@code CreateJob} body, as the SDK serialised it
 * (lower camel case members, enum values as strings): the rules MediaConvert's API documents
 * for the settings Reel uses, and what Reel's own layout needs (the input is the asset's
 * original, every output stays under the asset's renditions). The result lists what is wrong.
 */
final class CreateJobChecks {

  static final Set<Integer> AAC_BITRATES = Set.of(6000, 8000, 10000, 12000, 14000, 16000, 20000,
      24000, 28000, 32000, 40000, 48000, 56000, 64000, 80000, 96000, 112000, 128000, 160000,
      192000, 224000, 256000, 288000, 320000, 384000, 448000, 512000, 576000, 640000, 768000,
      896000, 1024000);

  private final List<String> problems = new ArrayList<>();

  private CreateJobChecks() {
  }

  static List<String> problems(JsonObject body, String role, Optional<String> queue,
      String sourceUrl, String renditionsUrl) {
    CreateJobChecks checks = new CreateJobChecks();
    checks.job(body, role, queue, sourceUrl, renditionsUrl);
    return checks.problems;
  }

  private void job(JsonObject body, String role, Optional<String> queue, String sourceUrl,
      String renditionsUrl) {
    expect("role", role, body.getString("role"));
    expect("queue", queue.orElse(null), body.getString("queue"));
    require(body.getString("clientRequestToken") != null, "no clientRequestToken");
    JsonObject settings = body.getJsonObject("settings");
    if (settings == null) {
      problems.add("no settings");
      return;
    }
    JsonArray inputs = settings.getJsonArray("inputs", new JsonArray());
    if (inputs.size() != 1) {
      problems.add("expected one input, got " + inputs.size());
      return;
    }
    JsonObject input = inputs.getJsonObject(0);
    expect("settings.inputs[0].fileInput", sourceUrl, input.getString("fileInput"));
    Set<String> selectors = input.getJsonObject("audioSelectors", new JsonObject()).fieldNames();
    JsonArray groups = settings.getJsonArray("outputGroups", new JsonArray());
    require(!groups.isEmpty(), "no output groups");
    boolean cmaf = false;
    for (int g = 0; g < groups.size(); g++) {
      JsonObject group = groups.getJsonObject(g);
      JsonObject groupSettings = group.getJsonObject("outputGroupSettings", new JsonObject());
      String type = groupSettings.getString("type");
      String where = "outputGroups[" + g + "]";
      if ("CMAF_GROUP_SETTINGS".equals(type)) {
        cmaf = true;
        cmafGroup(where, groupSettings.getJsonObject("cmafGroupSettings", new JsonObject()),
            group.getJsonArray("outputs", new JsonArray()), selectors, renditionsUrl);
      } else if ("FILE_GROUP_SETTINGS".equals(type)) {
        posterGroup(where, groupSettings.getJsonObject("fileGroupSettings", new JsonObject()),
            group.getJsonArray("outputs", new JsonArray()), renditionsUrl);
      } else {
        problems.add(where + ": unexpected type " + type);
      }
    }
    require(cmaf, "no CMAF_GROUP_SETTINGS group");
  }

  private void cmafGroup(String where, JsonObject cmaf, JsonArray outputs, Set<String> selectors,
      String renditionsUrl) {
    String destination = cmaf.getString("destination", "");
    require(destination.startsWith(renditionsUrl), where + ": destination " + destination
        + " is not under " + renditionsUrl);
    expect(where + ".segmentControl", "SEGMENTED_FILES", cmaf.getString("segmentControl"));
    expect(where + ".writeHlsManifest", "ENABLED", cmaf.getString("writeHlsManifest"));
    expect(where + ".writeDashManifest", "ENABLED", cmaf.getString("writeDashManifest"));
    require(cmaf.getInteger("segmentLength", 0) > 0, where + ": no segmentLength");
    Set<String> modifiers = new HashSet<>();
    for (int o = 0; o < outputs.size(); o++) {
      JsonObject output = outputs.getJsonObject(o);
      String at = where + ".outputs[" + o + "]";
      require(modifiers.add(output.getString("nameModifier", "")) && !output.getString(
          "nameModifier", "").isEmpty(), at + ": nameModifier missing or not unique");
      expect(at + ".containerSettings.container", "CMFC",
          output.getJsonObject("containerSettings", new JsonObject()).getString("container"));
      JsonObject video = output.getJsonObject("videoDescription");
      JsonArray audio = output.getJsonArray("audioDescriptions", new JsonArray());
      require((video == null) != audio.isEmpty(),
          at + ": a CMAF output holds one video or one audio stream");
      if (video != null) {
        videoOutput(at, video);
      }
      for (int a = 0; a < audio.size(); a++) {
        audioOutput(at + ".audioDescriptions[" + a + "]", audio.getJsonObject(a), selectors);
      }
    }
  }

  private void videoOutput(String at, JsonObject video) {
    int width = video.getInteger("width", 0);
    int height = video.getInteger("height", 0);
    require(width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0,
        at + ": size " + width + "x" + height + " is not even and positive");
    JsonObject codec = video.getJsonObject("codecSettings", new JsonObject());
    expect(at + " codec", "H_264", codec.getString("codec"));
    JsonObject h264 = codec.getJsonObject("h264Settings", new JsonObject());
    expect(at + " rateControlMode", "QVBR", h264.getString("rateControlMode"));
    require(h264.getInteger("maxBitrate", 0) >= 1000, at + ": QVBR needs maxBitrate");
    int quality = h264.getJsonObject("qvbrSettings", new JsonObject())
        .getInteger("qvbrQualityLevel", 0);
    require(quality >= 1 && quality <= 10, at + ": qvbrQualityLevel " + quality);
    require(!h264.containsKey("bitrate"), at + ": QVBR takes no bitrate");
  }

  private void audioOutput(String at, JsonObject audio, Set<String> selectors) {
    require(selectors.contains(audio.getString("audioSourceName")),
        at + ": audioSourceName " + audio.getString("audioSourceName") + " is no selector of "
            + selectors);
    JsonObject codec = audio.getJsonObject("codecSettings", new JsonObject());
    expect(at + " codec", "AAC", codec.getString("codec"));
    JsonObject aac = codec.getJsonObject("aacSettings", new JsonObject());
    require(AAC_BITRATES.contains(aac.getInteger("bitrate", 0)),
        at + ": AAC bitrate " + aac.getInteger("bitrate") + " is not one MediaConvert takes");
    require(aac.getString("codingMode", "").startsWith("CODING_MODE_"), at + ": codingMode");
    require(aac.getInteger("sampleRate", 0) >= 8000, at + ": sampleRate");
  }

  private void posterGroup(String where, JsonObject file, JsonArray outputs,
      String renditionsUrl) {
    String destination = file.getString("destination", "");
    require(destination.startsWith(renditionsUrl + "thumbs/"), where + ": destination "
        + destination + " is not under " + renditionsUrl + "thumbs/");
    require(outputs.size() == 1, where + ": one frame capture output");
    JsonObject output = outputs.getJsonObject(0);
    expect(where + " container", "RAW",
        output.getJsonObject("containerSettings", new JsonObject()).getString("container"));
    JsonObject codec = output.getJsonObject("videoDescription", new JsonObject())
        .getJsonObject("codecSettings", new JsonObject());
    expect(where + " codec", "FRAME_CAPTURE", codec.getString("codec"));
    require(codec.getJsonObject("frameCaptureSettings", new JsonObject())
        .getInteger("maxCaptures", 0) > 0, where + ": maxCaptures");
  }

  private void expect(String what, Object expected, Object actual) {
    if (expected == null ? actual != null : !expected.equals(actual)) {
      problems.add(what + " is " + actual + ", expected " + expected);
    }
  }

  private void require(boolean condition, String problem) {
    if (!condition) {
      problems.add(problem);
    }
  }
}
