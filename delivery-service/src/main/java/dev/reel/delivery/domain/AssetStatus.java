package dev.reel.delivery.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reel.common.StorageLayout;
import dev.reel.common.event.Rendition;
import dev.reel.common.event.TranscodeCompleted;
import dev.reel.common.event.TranscodeFailed;
import dev.reel.common.lifecycle.AssetLifecycle;
import dev.reel.common.lifecycle.AssetState;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The answer to {@code GET /v1/assets/{assetId}}: where the asset is, and where to play it.
 * Fields that do not apply are left out; {@code renditions} is always a list.
 *
 * @param percent how much of the transcode is done (0 to 100), only while {@code transcoding}
 * @param playable true as soon as the HLS and DASH URLs play, which can be long before ready
 * @param durationSeconds the media's duration, once ready
 * @param renditions the ladder as transcoded, once ready
 * @param reason why the transcode gave up, only when {@code failed}
 * @param createdAt when the asset was uploaded
 * @param updatedAt when the event behind the current state happened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssetStatus(
    String assetId,
    AssetState state,
    Double percent,
    boolean playable,
    Double durationSeconds,
    List<RenditionInfo> renditions,
    Reason reason,
    Instant createdAt,
    Instant updatedAt,
    Urls urls) {

  /** A failed transcode's cause; branch on {@code code}, show {@code message}. */
  public record Reason(String code, String message, boolean retryable) {
  }

  /** Where to play; each only once it exists. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Urls(String hls, String dash, String source, String poster, String storyboard) {
  }

  /** One rung of the ladder, with its own HLS media playlist's URL instead of a storage key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RenditionInfo(String name, String type, int width, int height, double frameRate,
      long bandwidth, long averageBandwidth, String codecs, String url) {
  }

  public static AssetStatus of(AssetLifecycle asset, PlaybackUrls urls) {
    String id = asset.assetId();
    TranscodeCompleted completed = asset.completed();
    TranscodeFailed failure = asset.failure();
    return new AssetStatus(id, asset.state(),
        asset.state() == AssetState.TRANSCODING ? asset.percent() : null,
        asset.playable(),
        completed == null ? null : completed.durationSeconds(),
        completed == null ? List.of() : completed.renditions().stream()
            .map(r -> renditionInfo(id, r, urls)).toList(),
        failure == null ? null
            : new Reason(failure.reasonCode(), failure.message(), failure.retryable()),
        asset.createdAt(),
        asset.updatedAt(),
        playbackUrls(asset, urls));
  }

  /**
   * The same status with every URL passed through {@code sign}: playback URLs and each
   * rendition's playlist URL, so all of them can be handed to a viewer as they are.
   */
  public AssetStatus withUrls(UnaryOperator<String> sign) {
    UnaryOperator<String> each = url -> url == null ? null : sign.apply(url);
    return new AssetStatus(assetId, state, percent, playable, durationSeconds,
        renditions.stream().map(r -> new RenditionInfo(r.name(), r.type(), r.width(),
            r.height(), r.frameRate(), r.bandwidth(), r.averageBandwidth(), r.codecs(),
            each.apply(r.url()))).toList(),
        reason, createdAt, updatedAt,
        urls == null ? null : new Urls(each.apply(urls.hls()), each.apply(urls.dash()),
            each.apply(urls.source()), each.apply(urls.poster()),
            each.apply(urls.storyboard())));
  }

  private static Urls playbackUrls(AssetLifecycle asset, PlaybackUrls urls) {
    String id = asset.assetId();
    TranscodeCompleted completed = asset.completed();
    String hls = null;
    String dash = null;
    if (asset.playable()) {
      // Before completion no event names the manifests: they are where the layout puts them.
      hls = completed == null ? urls.file(id, StorageLayout.HLS_MASTER)
          : urls.forKey(id, completed.hlsMasterKey()).orElse(null);
      dash = completed == null ? urls.file(id, StorageLayout.DASH_MANIFEST)
          : urls.forKey(id, completed.dashManifestKey()).orElse(null);
    }
    return new Urls(hls, dash,
        asset.upload() == null ? null : urls.source(id),
        completed == null ? null : urls.forKey(id, completed.posterKey()).orElse(null),
        completed == null ? null : urls.forKey(id, completed.storyboardKey()).orElse(null));
  }

  private static RenditionInfo renditionInfo(String assetId, Rendition rendition,
      PlaybackUrls urls) {
    return new RenditionInfo(rendition.name(), rendition.type(), rendition.width(),
        rendition.height(), rendition.frameRate(), rendition.bandwidth(),
        rendition.averageBandwidth(), rendition.codecs(),
        urls.forKey(assetId, rendition.playlistKey()).orElse(null));
  }
}
