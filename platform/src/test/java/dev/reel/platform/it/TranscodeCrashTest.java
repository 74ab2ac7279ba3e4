package dev.reel.platform.it;

import static dev.reel.platform.it.Http.authorized;
import static dev.reel.platform.it.Http.eventually;
import static dev.reel.platform.it.Http.json;
import static dev.reel.platform.it.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.common.StorageLayout;
import dev.reel.common.event.EventCodec;
import dev.reel.common.event.Topic;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.ingest.http.IngestVerticle;
import dev.reel.platform.embedded.ChildProcess;
import dev.reel.platform.embedded.Jars;
import dev.reel.platform.embedded.ProcStat;
import dev.reel.transcode.config.TranscodeConfig;
import dev.reel.transcode.http.TranscodeVerticle;
import dev.reel.transcode.job.WorkDirs;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DisplayName;

/**
 * A transcode worker killed with SIGKILL in the middle of a job: the job is not lost. Another
 * worker of the same group gets the uncommitted record once the dead one's session expires,
 * clears the crashed job's scratch files and orphaned ffmpeg, and finishes the job; the asset
 * completes once in effect.
 */
class TranscodeCrashTest {

  @Test
  @DisplayName("kill -9 mid-job: another worker picks the job up and completes it once")
  void killedWorkerLosesNoJob() throws Exception {
    String group = "transcode-crash-" + UUID.randomUUID();
    TestTopics.groupStartsAtEnd(group, Topic.MEDIA_UPLOADED);
    TestTopics.groupStartsAtEnd(group + "-deletions", Topic.MEDIA_DELETED);
    Path workDir = TestPlatform.get().dataDir().resolve("crash-work-" + UUID.randomUUID());
    JsonObject config = TestPlatform.get().config()
        .put(TranscodeConfig.CONSUMER_GROUP, group)
        .put(TranscodeConfig.SESSION_TIMEOUT_MS, "6000")
        .put(TranscodeConfig.LADDER, "480p:1200,360p:700")
        // Slow enough on purpose that the kill lands while ffmpeg is encoding.
        .put(TranscodeConfig.PRESET, "slower")
        .put(TranscodeConfig.WORK_DIR, workDir.toString())
        .put(TranscodeConfig.PORT, "0");

    ChildProcess.Builder builder = ChildProcess.builder(
            Jars.home().resolve("transcode-service/target/transcode-service.jar"))
        .name("transcode-doomed")
        .jvmOptions(List.of("-Xmx256m"))
        // As the platform starts admin: at a lower CPU priority, through nice(1).
        .niceness(5)
        .logFile(TestPlatform.get().dataDir().resolve("transcode-doomed.log"))
        .readyKeyword("transcode")
        .readyTimeout(Duration.ofSeconds(90));
    config.forEach(entry -> builder.env(entry.getKey(), String.valueOf(entry.getValue())));
    ChildProcess doomed = builder.start();
    assertEquals(5, ProcStat.nice(doomed.pid()), "the worker's JVM runs at the niceness it was given");

    RunningService<IngestVerticle> ingest = Services.ingest(new JsonObject());
    RunningService<TranscodeVerticle> survivor = null;
    try {
      byte[] media = Files.readAllBytes(GeneratedMedia.video(854, 480, 12, 30, true));
      HttpResponse<byte[]> created = send(authorized(ingest.uri("/v1/uploads"))
          .header("Content-Type", "video/mp4")
          .POST(BodyPublishers.ofByteArray(media)).build());
      assertEquals(201, created.statusCode(), new String(created.body()));
      String assetId = json(created).getString("assetId");

      eventually(Duration.ofSeconds(60), "the doomed worker reports progress",
          () -> !TestTopics.events(Topic.TRANSCODE_PROGRESS, assetId).isEmpty());
      assertTrue(TestTopics.events(Topic.TRANSCODE_COMPLETED, assetId).isEmpty(),
          "the job must still be running when the worker is killed");
      // Both encoders of the job (the first rung, and the rest alongside it at a lower
      // priority) record their pids.
      eventually(Duration.ofSeconds(30), "both encoders have started",
          () -> encoderPids(workDir).size() == 2);
      List<Long> encoders = encoderPids(workDir);
      ProcessHandle.of(doomed.pid()).orElseThrow().destroyForcibly();
      eventually(Duration.ofSeconds(10), "the worker is dead", () -> !doomed.isAlive());
      List<Long> orphans = encoders.stream().filter(pid -> ProcessHandle.of(pid)
          .map(ProcessHandle::isAlive).orElse(false)).toList();
      assertFalse(orphans.isEmpty(), "its ffmpeg outlived it (SIGKILL does not reach children)");

      survivor = Services.transcode(config.copy().put(TranscodeConfig.PRESET, "ultrafast"));
      eventually(Duration.ofSeconds(10), "the restarted worker stopped the orphaned ffmpeg",
          () -> orphans.stream().noneMatch(pid -> ProcessHandle.of(pid)
              .map(ProcessHandle::isAlive).orElse(false)));
      eventually(Duration.ofSeconds(120), "the job completes on the surviving worker",
          () -> !TestTopics.events(Topic.TRANSCODE_COMPLETED, assetId).isEmpty());

      var completions = TestTopics.events(Topic.TRANSCODE_COMPLETED, assetId);
      assertEquals(1, completions.size(), "one completion in effect");
      TranscodeCompleted done = EventCodec.decode(completions.values().iterator().next(),
          TranscodeCompleted.class).data();
      assertEquals(2, done.renditions().stream().filter(r -> r.type().equals("video")).count());
      assertTrue(TestBucket.keys(StorageLayout.renditionsPrefix(assetId))
          .contains(done.jobManifestKey()));
      eventually(Duration.ofSeconds(10), "no scratch files are left", () -> jobDirs(workDir)
          .isEmpty());
    } finally {
      doomed.stop();
      ingest.close();
      if (survivor != null) {
        survivor.close();
      }
    }
  }

  private static List<Path> jobDirs(Path workDir) {
    if (!Files.isDirectory(workDir)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(workDir)) {
      return dirs.filter(p -> p.getFileName().toString().startsWith("job-")).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The pids the job directories record, of encoders that have started. */
  private static List<Long> encoderPids(Path workDir) {
    List<Long> pids = new ArrayList<>();
    for (Path dir : jobDirs(workDir)) {
      for (String file : List.of(WorkDirs.PID_FILE, WorkDirs.SECOND_PID_FILE)) {
        try {
          pids.add(Long.parseLong(Files.readString(dir.resolve(file)).trim()));
        } catch (IOException | NumberFormatException e) {
          // not started yet
        }
      }
    }
    assertFalse(jobDirs(workDir).isEmpty(), "the doomed worker has a job directory");
    return pids;
  }
}
