package dev.reel.delivery.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ViewerGoneLogFilterTest {

  private final LoggerContext context = new LoggerContext();
  private final Logger connection = context.getLogger(ViewerGoneLogFilter.VERTX_CONNECTION);
  private final Logger other = context.getLogger("io.vertx.core.http.impl.HttpServerImpl");
  private final ViewerGoneLogFilter filter = new ViewerGoneLogFilter();

  private FilterReply decide(Logger logger, Throwable t) {
    return filter.decide(null, logger, Level.ERROR, null, null, t);
  }

  @Test
  @DisplayName("a viewer hanging up during sendfile is not logged: broken pipe, reset, or a file "
      + "still queued when the viewer closed the connection")
  void viewerGone() {
    assertEquals(FilterReply.DENY, decide(connection, new IOException("Broken pipe")));
    assertEquals(FilterReply.DENY,
        decide(connection, new IOException("Connection reset by peer")));
    // What Netty fails a queued file region with when the peer closes: no message. The filter
    // threw a NullPointerException on it, and Netty logged that in the line's place.
    assertEquals(FilterReply.DENY, decide(connection, new ClosedChannelException()));
  }

  @Test
  @DisplayName("everything else is kept: other messages (none included), other exceptions, other "
      + "loggers")
  void othersKept() {
    assertEquals(FilterReply.NEUTRAL, decide(connection, new IOException((String) null)));
    assertEquals(FilterReply.NEUTRAL, decide(connection, new IOException("No space left")));
    assertEquals(FilterReply.NEUTRAL, decide(connection, new IllegalStateException("Broken pipe")));
    assertEquals(FilterReply.NEUTRAL, decide(connection, null));
    assertEquals(FilterReply.NEUTRAL, decide(other, new IOException("Broken pipe")));
    assertEquals(FilterReply.NEUTRAL, decide(other, new ClosedChannelException()));
  }
}
