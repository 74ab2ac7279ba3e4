package dev.reel.common.lifecycle;

import dev.reel.common.event.MediaDeleted;
import dev.reel.common.event.MediaUploaded;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.event.TranscodeProgress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The state of every asset, folded from the lifecycle topics. One fold for every service that
 * needs to know where an asset is (admin lists assets, delivery tells players whether and where
 * they can play), so that they never disagree about it. It lives in {@code common} because it is
 * the contract's own reading of its events, not a service's policy.
 *
 * <p>Kafka delivers at least once, in order per asset within a topic, and in no order across
 * topics; a consumer that replays the topics from the start (as every user of this class does,
 * at every boot) reads each topic at its own pace. So the fold never trusts arrival order:
 *
 * <ul>
 *   <li><b>Duplicates change nothing.</b> Applying any event a second time gives the same state.
 *   <li><b>Delete is final.</b> Asset ids are never reused (ingest makes a new one for every
 *       upload, and an {@code Idempotency-Key} replay answers from its record without publishing
 *       again), so whatever arrives after {@code media.deleted} (the upload event resent from
 *       ingest's outbox, or read late from its topic; a transcode result of a job that was still
 *       running) is about the deleted asset, and is ignored. Only the id is kept, so that a
 *       replay keeps the asset deleted.
 *   <li><b>Ready stays ready.</b> A completion's outputs are durable and stay served until the
 *       asset is deleted, so a late or redelivered progress report, a progress report of a later
 *       re-transcode, or a failure (an earlier attempt's, or a re-transcode's) never takes a
 *       ready asset back to transcoding or failed. A newer completion (a re-transcode) replaces
 *       the older one; an older one read later is ignored.
 *   <li><b>Completion wins over failure.</b> A completion is applied whatever its time: when an
 *       attempt failed and a retry succeeded, the asset is ready, in whichever order the two
 *       topics are read.
 *   <li><b>Otherwise, newer wins.</b> Progress and failure apply only if they are not older
 *       (by their own timestamps) than the event behind the current state. So a redelivered old
 *       progress report never moves the bar back, a progress report of a failed attempt read
 *       after its failure does not revive it, and a progress report newer than a failure (a
 *       retry at work) shows the asset transcoding again. Ties go to the event read last.
 *   <li><b>Playable is per run.</b> It turns true with the first progress report that says so
 *       and stays true while that run goes on, and is true when ready; a failure clears it
 *       (the failed job's partial outputs are not vouched for).
 *   <li><b>Transcode results may come first.</b> A state read before the upload event is kept;
 *       the upload is added when it arrives. Such an asset is {@link AssetLifecycle#known()}
 *       without an upload.
 * </ul>
 *
 * <p>Safe to use from several threads: each event replaces one asset's value atomically.
 */
public final class AssetLifecycles {

  private final ConcurrentMap<String, AssetLifecycle> assets = new ConcurrentHashMap<>();

  public void uploaded(MediaUploaded event) {
    apply(event.assetId(), asset -> asset.withUpload(event));
  }

  public void deleted(MediaDeleted event) {
    apply(event.assetId(), asset -> asset.withDeletion(event));
  }

  public void progressed(TranscodeProgress event) {
    apply(event.assetId(), asset -> asset.withProgress(event));
  }

  public void completed(TranscodeCompleted event) {
    apply(event.assetId(), asset -> asset.withCompletion(event));
  }

  public void failed(TranscodeFailed event) {
    apply(event.assetId(), asset -> asset.withFailure(event));
  }

  /** The asset's state, if any event was read about it and it is not deleted. */
  public Optional<AssetLifecycle> find(String assetId) {
    return Optional.ofNullable(assets.get(assetId)).filter(AssetLifecycle::known);
  }

  /** Whether {@code media.deleted} was read for the asset. */
  public boolean isDeleted(String assetId) {
    AssetLifecycle asset = assets.get(assetId);
    return asset != null && asset.deleted();
  }

  /** Every asset that is known and not deleted, in no particular order. */
  public Stream<AssetLifecycle> known() {
    return assets.values().stream().filter(AssetLifecycle::known);
  }

  private void apply(String assetId, UnaryOperator<AssetLifecycle> change) {
    assets.compute(assetId, (id, current) ->
        change.apply(current == null ? AssetLifecycle.unknown(id) : current));
  }
}
