package dev.reel.admin.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reel.common.lifecycle.AssetState;
import java.time.Instant;

/** One row of the asset list; fields that do not apply are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssetSummary(
    String assetId,
    long size,
    String contentType,
    String filename,
    String storageClass,
    AssetState state,
    Double percent,
    String failureCode,
    String failureMessage,
    Instant uploadedAt,
    Instant updatedAt) {
}
