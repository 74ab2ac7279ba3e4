package dev.reel.bench.report;

import java.time.Instant;

/**
 * The run as a whole.
 *
 * @param commit the git commit measured, with "+ local changes" when the tree was dirty
 * @param settings how long and how often each side was measured, in words
 */
public record RunInfo(String mode, Instant started, double wallSeconds, String commit,
    String settings, Machine machine, double loadAtEnd) {
}
