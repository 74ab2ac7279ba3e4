package dev.reel.bench.platform;

import java.time.Duration;
import java.util.Optional;

/**
 * A process whose memory the report shows.
 *
 * @param metricsUrl the service's Prometheus endpoint, or null (S3, Kafka, nginx)
 * @param jvm whether {@code jcmd} can force a GC in it
 */
public record ServiceProcess(String name, long pid, String metricsUrl, boolean jvm) {

  /** The CPU time the process has used so far, where the system reports it. */
  public Optional<Duration> cpuTime() {
    return ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration());
  }
}
