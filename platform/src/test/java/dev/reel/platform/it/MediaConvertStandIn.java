package dev.reel.platform.it;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * A local stand-in of the AWS Elemental MediaConvert REST API (version 2017-08-29) for the four
 * calls Reel makes: {@code POST /probe}, {@code POST /jobs}, {@code GET /jobs/{id}} and
 * {@code DELETE /jobs/{id}}. MediaConvert is a paid cloud service the tests cannot reach; this
 * checks what the AWS SDK really sends it (the SigV4 signature, recomputed for service
 * {@code mediaconvert} and the expected region; the content type; the JSON body against
 * {@link CreateJobChecks}) and answers in MediaConvert's JSON shapes. A request that fails a
 * check gets 400 {@code BadRequestException}, and the problem is recorded for the test.
 *
 * <p>It does not transcode. Each source follows a {@link JobScript} the test sets: the probe
 * answer, then the job's state at each poll. On COMPLETE it writes placeholder objects (a line
 * of text, not media) where MediaConvert would write the manifests, playlists and poster
 * captures, so that the service has something to list; segments are not faked.
 */
public final class MediaConvertStandIn implements AutoCloseable {

  static final String API = "/2017-08-29";
  static final String PLACEHOLDER = "placeholder from the MediaConvert stand-in of a test: "
      + "not media\n";
  private static final Pattern JOB_PATH = Pattern.compile(API + "/jobs/(\\d+-[a-z0-9]+)");
  private static final String ACCOUNT = "111122223333";

  /** One request as received: its source (when known), and what was wrong with it. */
  public record Call(String method, String path, String source, JsonObject body,
      List<String> problems) {
  }

  private static final class Job {
    final String id = System.currentTimeMillis() + "-" + randomSuffix();
    final String source;
    final JobScript script;
    final JsonObject request;
    final long createdAt = Instant.now().getEpochSecond();
    int polls;
    String status = "SUBMITTED";
    Integer percent;
    Integer errorCode;
    String errorMessage;

    Job(String source, JobScript script, JsonObject request) {
      this.source = source;
      this.script = script;
      this.request = request;
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final SigV4Check signatures;
  private final String region;
  private final String role;
  private final Optional<String> queue;
  private final S3AsyncClient s3;
  private final Map<String, JobScript> scripts = new ConcurrentHashMap<>();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private HttpServer server;

  private MediaConvertStandIn(SigV4Check signatures, String region, String role,
      Optional<String> queue, S3AsyncClient s3) {
    this.signatures = signatures;
    this.region = region;
    this.role = role;
    this.queue = queue;
    this.s3 = s3;
  }

  /** Listens on a free port of 127.0.0.1; requests must be signed with these keys. */
  public static MediaConvertStandIn start(String accessKey, String secretKey, String region,
      String role, Optional<String> queue, S3AsyncClient s3) {
    MediaConvertStandIn standIn = new MediaConvertStandIn(
        new SigV4Check(accessKey, secretKey, region, "mediaconvert"), region, role, queue, s3);
    standIn.server = standIn.vertx.createHttpServer()
        .requestHandler(standIn::handle)
        .listen(0, "127.0.0.1").await();
    return standIn;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  /** From now on, the original at {@code sourceUrl} behaves as {@code script} says. */
  public void script(String sourceUrl, JobScript script) {
    scripts.put(sourceUrl, script);
  }

  /** Every request about one source, in order. */
  public List<Call> calls(String sourceUrl) {
    return calls.stream().filter(c -> sourceUrl.equals(c.source())).toList();
  }

  public List<Call> calls(String sourceUrl, String method, String pathPrefix) {
    return calls(sourceUrl).stream().filter(c -> c.method().equals(method)
        && c.path().startsWith(API + pathPrefix)).toList();
  }

  /** What was wrong with the requests about one source. */
  public List<String> problems(String sourceUrl) {
    return calls(sourceUrl).stream().flatMap(c -> c.problems().stream()).toList();
  }

  /** The state the job of a source is in now, as a GET would see it. */
  public Optional<String> status(String sourceUrl) {
    return jobs.values().stream().filter(j -> j.source.equals(sourceUrl))
        .map(j -> j.status).reduce((a, b) -> b);
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      String path = request.path();
      List<String> problems = new ArrayList<>(signatures.problems(request.method().name(),
          path, request.headers(), body.getBytes()));
      JsonObject json = null;
      if (request.method() == HttpMethod.POST) {
        String type = request.getHeader("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
          problems.add("Content-Type is " + type + ", expected application/json");
        }
        try {
          json = body.toJsonObject();
        } catch (RuntimeException e) {
          problems.add("body is not a JSON object: " + e.getMessage());
        }
      }
      Matcher job = JOB_PATH.matcher(path);
      if (request.method() == HttpMethod.POST && path.equals(API + "/probe") && json != null) {
        probe(request, json, problems);
      } else if (request.method() == HttpMethod.POST && path.equals(API + "/jobs")
          && json != null) {
        createJob(request, json, problems);
      } else if (request.method() == HttpMethod.GET && job.matches()) {
        getJob(request, job.group(1), problems);
      } else if (request.method() == HttpMethod.DELETE && job.matches()) {
        cancelJob(request, job.group(1), problems);
      } else {
        problems.add("no such operation: " + request.method() + " " + path);
        calls.add(new Call(request.method().name(), path, null, json, problems));
        error(request, 404, "NotFoundException", "no such operation");
      }
    });
  }

  private void probe(HttpServerRequest request, JsonObject body, List<String> problems) {
    JsonArray files = body.getJsonArray("inputFiles", new JsonArray());
    String source = files.size() == 1 ? files.getJsonObject(0).getString("fileUrl") : null;
    JobScript script = source == null ? null : scripts.get(source);
    if (script == null) {
      problems.add("probe of an unscripted source: " + body.encode());
    }
    calls.add(new Call("POST", request.path(), source, body, problems));
    if (!problems.isEmpty()) {
      error(request, 400, "BadRequestException", String.join("; ", problems));
    } else if (script.probeRejection() != null) {
      error(request, 400, "BadRequestException", script.probeRejection());
    } else {
      answer(request, 200, new JsonObject().put("probeResults", new JsonArray().add(
          new JsonObject().put("container", script.container()).put("metadata",
              new JsonObject().put("mimeType", "video/mp4").put("fileSize", 1_000_000)))));
    }
  }

  private void createJob(HttpServerRequest request, JsonObject body, List<String> problems) {
    JsonObject input = body.getJsonObject("settings", new JsonObject())
        .getJsonArray("inputs", new JsonArray()).stream().map(JsonObject.class::cast)
        .findFirst().orElse(new JsonObject());
    String source = input.getString("fileInput");
    JobScript script = source == null ? null : scripts.get(source);
    if (script == null) {
      problems.add("job for an unscripted source " + source);
    } else {
      String asset = source.replaceFirst(".*/originals/([^/]+)/source$", "$1");
      String bucketUrl = source.substring(0, source.indexOf("/originals/") + 1);
      problems.addAll(CreateJobChecks.problems(body, role, queue, source,
          bucketUrl + "renditions/" + asset + "/"));
    }
    calls.add(new Call("POST", request.path(), source, body, problems));
    if (!problems.isEmpty()) {
      error(request, 400, "BadRequestException", String.join("; ", problems));
      return;
    }
    Job job = new Job(source, script, body);
    jobs.put(job.id, job);
    answer(request, 201, new JsonObject().put("job", describe(job)));
  }

  private void getJob(HttpServerRequest request, String id, List<String> problems) {
    Job job = jobs.get(id);
    calls.add(new Call("GET", request.path(), job == null ? null : job.source, null, problems));
    if (!problems.isEmpty() || job == null) {
      error(request, job == null ? 404 : 400, job == null ? "NotFoundException"
          : "BadRequestException", job == null ? "no job " + id : String.join("; ", problems));
      return;
    }
    if (!job.status.equals("SUBMITTED") && !job.status.equals("PROGRESSING")) {
      answer(request, 200, new JsonObject().put("job", describe(job)));
      return;
    }
    List<String> states = job.script.states();
    String[] state = states.get(Math.min(job.polls++, states.size() - 1)).split(" ", 3);
    switch (state[0]) {
      case "THROTTLE" -> error(request, 429, "TooManyRequestsException", "Too Many Requests");
      case "PROGRESSING" -> {
        job.status = "PROGRESSING";
        job.percent = Integer.parseInt(state[1]);
        answer(request, 200, new JsonObject().put("job", describe(job)));
      }
      case "ERROR" -> {
        job.status = "ERROR";
        job.errorCode = Integer.parseInt(state[1]);
        job.errorMessage = state.length > 2 ? state[2] : "";
        answer(request, 200, new JsonObject().put("job", describe(job)));
      }
      case "COMPLETE" -> writeOutputs(job).onComplete(written -> {
        job.status = "COMPLETE";
        job.percent = null;
        answer(request, 200, new JsonObject().put("job", describe(job)));
      });
      default -> answer(request, 200, new JsonObject().put("job", describe(job)));
    }
  }

  private void cancelJob(HttpServerRequest request, String id, List<String> problems) {
    Job job = jobs.get(id);
    calls.add(new Call("DELETE", request.path(), job == null ? null : job.source, null,
        problems));
    if (job == null || !problems.isEmpty()) {
      error(request, job == null ? 404 : 400, job == null ? "NotFoundException"
          : "BadRequestException", job == null ? "no job " + id : String.join("; ", problems));
    } else if (job.status.equals("SUBMITTED") || job.status.equals("PROGRESSING")) {
      job.status = "CANCELED";
      answer(request, 202, new JsonObject());
    } else {
      error(request, 409, "ConflictException", "job " + id + " is " + job.status);
    }
  }

  /** The job as GetJob shows it; output details once it is COMPLETE. */
  private JsonObject describe(Job job) {
    JsonObject described = new JsonObject()
        .put("arn", "arn:aws:mediaconvert:" + region + ":" + ACCOUNT + ":jobs/" + job.id)
        .put("id", job.id)
        .put("createdAt", job.createdAt)
        .put("role", job.request.getString("role"))
        .put("queue", job.request.getString("queue", "arn:aws:mediaconvert:" + region + ":"
            + ACCOUNT + ":queues/Default"))
        .put("settings", job.request.getJsonObject("settings"))
        .put("userMetadata", job.request.getJsonObject("userMetadata", new JsonObject()))
        .put("status", job.status)
        .put("timing", new JsonObject().put("submitTime", job.createdAt));
    if (job.percent != null) {
      described.put("jobPercentComplete", job.percent).put("currentPhase", "TRANSCODING");
    }
    if (job.errorCode != null) {
      described.put("errorCode", job.errorCode).put("errorMessage", job.errorMessage);
    }
    if (job.status.equals("COMPLETE")) {
      described.put("outputGroupDetails", outputDetails(job));
    }
    return described;
  }

  /** Per output: the duration, and the size "fit without upscaling" gives from the source's. */
  private static JsonArray outputDetails(Job job) {
    JsonObject container = job.script.container();
    JsonObject source = container.getJsonArray("tracks").stream().map(JsonObject.class::cast)
        .filter(t -> t.getString("trackType").equals("video")).findFirst()
        .map(t -> t.getJsonObject("videoProperties")).orElse(null);
    long ms = Math.round(container.getDouble("duration") * 1000);
    JsonArray groups = new JsonArray();
    for (Object group : job.request.getJsonObject("settings").getJsonArray("outputGroups")) {
      JsonArray details = new JsonArray();
      for (Object o : ((JsonObject) group).getJsonArray("outputs")) {
        JsonObject video = ((JsonObject) o).getJsonObject("videoDescription");
        JsonObject detail = new JsonObject().put("durationInMs", ms);
        if (video != null && source != null) {
          double scale = Math.min(1, Math.min(
              video.getDouble("width") / source.getInteger("width"),
              video.getDouble("height") / source.getInteger("height")));
          detail.put("videoDetails", new JsonObject()
              .put("widthInPx", even(source.getInteger("width") * scale))
              .put("heightInPx", even(source.getInteger("height") * scale)));
        }
        details.add(detail);
      }
      groups.add(new JsonObject().put("outputDetails", details));
    }
    return groups;
  }

  /** Placeholders where MediaConvert writes manifests, playlists and captures; not media. */
  private Future<Void> writeOutputs(Job job) {
    if (!job.script.writesOutputs()) {
      return Future.succeededFuture();
    }
    List<String> urls = new ArrayList<>();
    for (Object g : job.request.getJsonObject("settings").getJsonArray("outputGroups")) {
      JsonObject group = (JsonObject) g;
      JsonObject settings = group.getJsonObject("outputGroupSettings");
      if (settings.getString("type").equals("CMAF_GROUP_SETTINGS")) {
        String base = settings.getJsonObject("cmafGroupSettings").getString("destination");
        urls.add(base + ".m3u8");
        urls.add(base + ".mpd");
        group.getJsonArray("outputs").forEach(o -> urls.add(base
            + ((JsonObject) o).getString("nameModifier") + ".m3u8"));
      } else {
        String base = settings.getJsonObject("fileGroupSettings").getString("destination");
        int captures = group.getJsonArray("outputs").getJsonObject(0)
            .getJsonObject("videoDescription").getJsonObject("codecSettings")
            .getJsonObject("frameCaptureSettings").getInteger("maxCaptures");
        for (int i = 0; i < captures; i++) {
          urls.add(base + String.format(Locale.ROOT, ".%07d.jpg", i));
        }
      }
    }
    List<Future<?>> puts = new ArrayList<>();
    for (String url : urls) {
      URI s3Url = URI.create(url);
      puts.add(Future.fromCompletionStage(s3.putObject(b -> b.bucket(s3Url.getHost())
          .key(s3Url.getPath().substring(1)), AsyncRequestBody.fromString(PLACEHOLDER))));
    }
    return Future.all(puts).mapEmpty();
  }

  private static void answer(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("x-amzn-RequestId", UUID.randomUUID().toString())
        .end(body.encode());
  }

  /** An error as MediaConvert's REST-JSON protocol carries it: type header, message body. */
  private static void error(HttpServerRequest request, int status, String type, String message) {
    request.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("x-amzn-ErrorType", type)
        .end(new JsonObject().put("message", message).encode());
  }

  private static int even(double value) {
    return Math.max(2, (int) Math.round(value / 2) * 2);
  }

  private static String randomSuffix() {
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    Random random = new Random();
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      suffix.append(chars.charAt(random.nextInt(chars.length())));
    }
    return suffix.toString();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
