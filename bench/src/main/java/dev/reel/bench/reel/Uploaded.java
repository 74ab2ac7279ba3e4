package dev.reel.bench.reel;

/** Ingest's 201 answer. */
public record Uploaded(String assetId, long size, String sha256) {
}
