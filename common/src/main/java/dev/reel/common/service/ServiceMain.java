package dev.reel.common.service;

import dev.reel.common.config.ConfigException;
import dev.reel.common.config.ConfigLoader;
import dev.reel.common.config.ConfigReader;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every service starts: load and validate config (a bad value stops it with a message naming
 * the key, exit code 2), deploy its verticle, and close cleanly on SIGTERM.
 */
public final class ServiceMain {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

  private ServiceMain() {
  }

  public static <C> void run(String name, JsonObject defaults,
      Function<ConfigReader, C> parseConfig,
      BiFunction<C, ServiceRuntime, Deployable> verticle) {
    ParentWatch.startFromEnvironment();
    ServiceRuntime runtime = ServiceRuntime.create(name);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runtime.vertx().close().await();
      } catch (Exception e) {
        LOG.warn("{} did not close cleanly: {}", name, e.toString());
      }
    }, name + "-shutdown"));
    ConfigLoader.load(runtime.vertx(), defaults)
        .map(parseConfig)
        .map(config -> verticle.apply(config, runtime))
        .compose(deployable -> runtime.vertx().deployVerticle(deployable).map(deployable))
        .onSuccess(deployed -> announce(name, deployed))
        .onFailure(e -> {
          if (e instanceof ConfigException) {
            LOG.error("{} cannot start, bad configuration: {}", name, e.getMessage());
            exit(2);
          } else {
            LOG.error("{} failed to start", name, e);
            exit(1);
          }
        });
  }

  /**
   * Exits from a thread of its own: System.exit waits for the shutdown hook, and the hook waits
   * for Vert.x to close, which cannot happen while an event loop sits inside System.exit.
   */
  private static void exit(int status) {
    new Thread(() -> System.exit(status), "reel-exit").start();
  }

  /**
   * The launcher waits for the {@code REEL-READY} line; it is also the operator's sign that the
   * service took its port.
   */
  private static void announce(String name, Deployable deployed) {
    String where = deployed instanceof Listening listening
        ? "port " + listening.port() : "no port";
    LOG.info("REEL-READY {} {}", name, where);
  }
}
