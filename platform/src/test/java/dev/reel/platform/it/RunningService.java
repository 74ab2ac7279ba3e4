package dev.reel.platform.it;

import dev.reel.common.config.ConfigReader;
import dev.reel.common.service.Listening;
import dev.reel.common.service.ServiceRuntime;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service deployed in this JVM the way its main deploys it: its own Vert.x instance and
 * metrics registry, its config parsed by its own reader, and a real HTTP port.
 */
public final class RunningService<V extends Deployable & Listening> implements AutoCloseable {

  private final ServiceRuntime runtime;
  private final V verticle;

  private RunningService(ServiceRuntime runtime, V verticle) {
    this.runtime = runtime;
    this.verticle = verticle;
  }

  public static <C, V extends Deployable & Listening> RunningService<V> start(String name,
      JsonObject defaults, JsonObject config, Function<ConfigReader, C> parse,
      BiFunction<C, ServiceRuntime, V> factory) {
    ServiceRuntime runtime = ServiceRuntime.create(name);
    C parsed = parse.apply(new ConfigReader(defaults.copy().mergeIn(config)));
    V verticle = factory.apply(parsed, runtime);
    try {
      runtime.vertx().deployVerticle(verticle).await();
    } catch (Exception e) {
      runtime.vertx().close().await();
      throw new IllegalStateException(name + " did not start", e);
    }
    return new RunningService<>(runtime, verticle);
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + verticle.port() + path);
  }

  /**
   * The value of a metric on the service's {@code /metrics} (read over HTTP, so the scrape
   * itself counts in the request metric) whose labels contain {@code label}; 0 when none has.
   */
  public double metric(String name, String label) {
    String text = new String(Http.send(Http.request(uri("/metrics")).build()).body(),
        StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(text);
    while (m.find()) {
      if (m.group(1).contains(label)) {
        return Double.parseDouble(m.group(2));
      }
    }
    return 0;
  }

  public ServiceRuntime runtime() {
    return runtime;
  }

  @Override
  public void close() {
    runtime.vertx().close().await();
  }
}
