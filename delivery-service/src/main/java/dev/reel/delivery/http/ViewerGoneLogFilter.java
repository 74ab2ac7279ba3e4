package dev.reel.delivery.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Vert.x logs an ERROR with a stack trace when a viewer hangs up while a file is being sent to
 * it: sendfile fails with a broken pipe or a reset, or, when the viewer closed the connection
 * while the file was still queued, Netty fails it with a {@link ClosedChannelException}, which
 * has no message. A viewer leaving is no error of delivery's: those lines are dropped; every
 * other line of that logger is kept.
 */
public final class ViewerGoneLogFilter extends TurboFilter {

  static final String VERTX_CONNECTION = "io.vertx.core.net.impl.VertxConnection";
  private static final Set<String> VIEWER_GONE = Set.of("Broken pipe",
      "Connection reset by peer");

  /** Adds the filter to logback, if logback is what logs. */
  public static void install() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && context.getTurboFilterList().stream().noneMatch(ViewerGoneLogFilter.class::isInstance)) {
      ViewerGoneLogFilter filter = new ViewerGoneLogFilter();
      filter.start();
      context.addTurboFilter(filter);
    }
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format,
      Object[] params, Throwable t) {
    // Asked before every logging call in the process, even those below the logger's level:
    // the cheapest test (most calls carry no throwable) first.
    if (t instanceof IOException io && logger != null
        && VERTX_CONNECTION.equals(logger.getName()) && viewerGone(io)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  private static boolean viewerGone(IOException e) {
    // Set.of(...).contains(null) throws: an exception without a message is asked by type alone.
    return e instanceof ClosedChannelException
        || (e.getMessage() != null && VIEWER_GONE.contains(e.getMessage()));
  }
}
