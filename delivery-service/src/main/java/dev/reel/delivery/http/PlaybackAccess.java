package dev.reel.delivery.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Decides whether a viewer may fetch media, in front of every {@code /v1/media/} route. Playback
 * is open for now; signed URLs and cookies (CloudFront-compatible, path-scoped policies) will
 * be checked here, so no media handler has to know about them.
 */
final class PlaybackAccess implements Handler<RoutingContext> {

  private PlaybackAccess() {
  }

  /** Anyone who can reach delivery may play. */
  static PlaybackAccess open() {
    return new PlaybackAccess();
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.next();
  }
}
