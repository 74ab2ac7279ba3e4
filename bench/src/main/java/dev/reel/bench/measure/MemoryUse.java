package dev.reel.bench.measure;

/**
 * What one process used during a scenario.
 *
 * @param peakRssMiB VmHWM: the resident-set high-water mark, reset when the scenario started
 *     where the kernel allows it (see {@code peakSinceStart})
 * @param heapAfterGcMiB Java heap in use right after a full GC at the end of the scenario (the
 *     live set), or null for a process that is not a JVM
 * @param peakSinceStart true when the peak could not be reset and so covers the process's whole
 *     life up to the end of the scenario
 */
public record MemoryUse(String process, long pid, double peakRssMiB, Double heapAfterGcMiB,
    boolean peakSinceStart) {
}
