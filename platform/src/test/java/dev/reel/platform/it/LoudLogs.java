package dev.reel.platform.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What the services in this JVM log while it is open, kept to check that something (a viewer
 * leaving, say) is said nothing about above DEBUG: no ERROR from anyone, no WARN from Reel, and
 * never Vert.x's "Response has already been written".
 */
final class LoudLogs implements AutoCloseable {

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  private LoudLogs() {
    logged.start();
    root().addAppender(logged);
  }

  static LoudLogs capture() {
    return new LoudLogs();
  }

  /** The lines logged so far that should not have been, as level, logger and message. */
  List<String> loud() {
    return logged.list.stream()
        .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR)
            || (event.getLevel().isGreaterOrEqual(Level.WARN)
                && event.getLoggerName().startsWith("dev.reel"))
            || event.getFormattedMessage().contains("already been written")
            || (event.getThrowableProxy() != null
                && event.getThrowableProxy().getMessage() != null
                && event.getThrowableProxy().getMessage().contains("already been written")))
        .map(event -> event.getLevel() + " " + event.getLoggerName() + ": "
            + event.getFormattedMessage()
            + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy()
                .getMessage()))
        .toList();
  }

  @Override
  public void close() {
    root().detachAppender(logged);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
