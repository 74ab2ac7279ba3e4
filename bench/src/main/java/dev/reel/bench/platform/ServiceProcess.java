package dev.reel.bench.platform;

/**
 * A process whose memory the report shows.
 *
 * @param metricsUrl the service's Prometheus endpoint, or null (S3, Kafka, nginx)
 * @param jvm whether {@code jcmd} can force a GC in it
 */
public record ServiceProcess(String name, long pid, String metricsUrl, boolean jvm) {
}
